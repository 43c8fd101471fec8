package dev.dynoguardian.drain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dynoguardian.support.HostileBody;
import dev.dynoguardian.support.LogplexBody;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What holds for the decoding of any body, hostile or not, shared by the fuzz tests and the properties.
 *
 * <p>Allocation: at most {@value #ALLOCATION_FACTOR} times the body plus {@value #ALLOCATION_CONSTANT} bytes. The
 * largest per-byte cost is an app line kept as text: decoding UTF-8 that is not Latin-1 takes a Latin-1 attempt (1x)
 * and a UTF-16 buffer (2x), possibly trimmed by a copy (up to 2x more), so up to 5x its bytes; events, their list and
 * dyno Strings cost less than the at least 30 header bytes of the frame each comes from. The constant covers the
 * per-body objects (parser, cursors, counters, the result: under 1 KB). Measured here: at most about 4x, on a body of
 * non-Latin-1 app lines. A decoder that copied each line several times, or kept a String per repeated key, would
 * exceed the bound.
 */
final class DecodeChecks {

    static final int ALLOCATION_FACTOR = 8;
    static final int ALLOCATION_CONSTANT = 16 * 1024;

    private static final Pattern CODE = Pattern.compile("[A-Z]{1,2}[0-9]{1,3}|" + RouterLineReader.UNKNOWN_CODE);
    private static final Pattern INCARNATION = Pattern.compile("[0-9A-Za-z-]{1,64}");
    private static final Set<String> STATES = Set.of("crashed", "down", "idle", "starting", "up");
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private DecodeChecks() {
    }

    /**
     * Runs the decoder over every kind of line until its classes are loaded, its lambdas bootstrapped and its hot
     * methods compiled, so that what {@link #decode} measures is the decoding of one body.
     */
    static void warmUp(BatchDecoder decoder) {
        byte[] warm = LogplexBody.at(Instant.parse("2026-11-21T10:00:00Z")).r14("web.1").router("web.1", 20, 200)
                .memory("web.2", "d97d0ea7-cf3d-411b-b453-d2943a50b456", 300, 512).stateChanged("web.1", "up", "down")
                .app("web.1", "héllo").heroku("web.1", "Restarting").heroku("web.1", "Process running mem=5M(1%)")
                .heroku("web.1", "sample#load_avg_1m=1").heroku("logplex", "Error L10 (x): 5 messages dropped")
                .heroku("web", "Error R14").garbage("9 <1 junk\n12 <13>1 x\n").r14("web.2").bytes();
        for (int i = 0; i < 2000; i++) {
            decoder.decode(warm, warm.length);
        }
    }

    /** Decodes the body, checking the allocation bound, and returns the result after checking its invariants. */
    static BatchDecoder.Decoded decode(BatchDecoder decoder, byte[] body) {
        long thread = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        BatchDecoder.Decoded decoded = decoder.decode(body, body.length);
        long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
        assertThat(allocated).as("bytes allocated decoding a body of %d bytes", body.length)
                .isLessThanOrEqualTo((long) ALLOCATION_FACTOR * body.length + ALLOCATION_CONSTANT);
        invariants(decoded, body.length);
        return decoded;
    }

    /** Counts agree with each other, and every value taken from the body into an event has been checked. */
    static void invariants(BatchDecoder.Decoded d, int length) {
        assertThat(d.lines().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(d.frames());
        assertThat(d.repaired()).isBetween(0, d.frames());
        assertThat(d.malformed()).isNotNegative();
        assertThat((long) d.frames() + d.malformed()).isLessThanOrEqualTo(length);
        assertThat(d.events()).hasSizeLessThanOrEqualTo(d.frames());
        for (HerokuEvent e : d.events()) {
            if (!(e instanceof HerokuEvent.AppLine)) {
                assertThat(e.dyno()).as("dyno of %s", e).satisfiesAnyOf(n -> assertThat(n).isNull(),
                        n -> assertThat(DynoName.isDyno(n)).isTrue());
            }
            if (e instanceof HerokuEvent.RouterRequest r && r.code() != null) {
                assertThat(r.code()).matches(CODE);
            } else if (e instanceof HerokuEvent.Lifecycle l && l.kind() == HerokuEvent.Lifecycle.Kind.STATE_CHANGED) {
                assertThat(STATES).contains(l.from(), l.to());
            } else if (e instanceof HerokuEvent.MemorySample m && m.incarnation() != null) {
                assertThat(m.incarnation()).matches(INCARNATION);
            } else if (e instanceof HerokuEvent.LoadSample s && s.incarnation() != null) {
                assertThat(s.incarnation()).matches(INCARNATION);
            } else if (e instanceof HerokuEvent.LogDropped l) {
                assertThat(l.dropped()).isNotNegative();
            }
        }
    }

    /**
     * Every valid frame of the body reaches the frame handler with exactly its message, unrepaired, and its events are
     * among the body's, in order, as when the frame is decoded alone.
     */
    static void validFramesSurvive(BatchDecoder decoder, HostileBody body, byte[] bytes) {
        Set<Long> seen = new HashSet<>();
        LogplexDecoder.decode(bytes, bytes.length, (buf, from, to, repaired) -> {
            if (!repaired) {
                seen.add(range(from, to));
            }
        });
        List<HerokuEvent> expected = new ArrayList<>();
        for (HostileBody.Frame f : body.frames()) {
            assertThat(seen.contains(range(f.msgStart(), f.msgEnd())))
                    .as("the valid frame at [%d, %d) is read exactly", f.msgStart(), f.msgEnd()).isTrue();
            expected.addAll(decoder.decode(f.bytes(), f.bytes().length).events());
        }
        List<HerokuEvent> actual = decoder.decode(bytes, bytes.length).events();
        int at = 0;
        for (HerokuEvent e : expected) {
            while (at < actual.size() && !actual.get(at).equals(e)) {
                at++;
            }
            assertThat(at).as("event %s of a valid frame, in order", e).isLessThan(actual.size());
            at++;
        }
    }

    private static long range(int from, int to) {
        return (long) from << 32 | to;
    }
}
