package dev.dynoguardian.drain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dynoguardian.drain.HerokuEvent.MemoryError;
import dev.dynoguardian.drain.HerokuEvent.MemorySample;
import dev.dynoguardian.support.LogplexBody;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a decoded body counts: each message once in frames or malformed, and the repairs among the frames read. */
class BatchDecoderCountsTest {

    private static final Instant AT = Instant.parse("2026-11-21T10:00:00Z");

    /**
     * A runtime-metrics frame counted as a sender other than logplex counted it: two bytes short of its line, so the
     * count alone would read the quota as {@code 512.00M} (the shape of the Dark Knight restarter's own test data).
     */
    private static final String SHORT_BY_TWO;

    static {
        String message = "<134>1 2026-11-21T10:00:00.000000+00:00 host heroku web.1 - source=web.1 "
                + "dyno=heroku.15253441.0e6a3c2f-5b1d-4e8a-9f70-c4d2b8a61e35 sample#memory_total=768.00MB "
                + "sample#memory_rss=1.25MB sample#memory_cache=4.55MB sample#memory_swap=0.00MB "
                + "sample#memory_pgpgin=1651pages sample#memory_pgpgout=165pages sample#memory_quota=512.00MB";
        SHORT_BY_TWO = (message.length() - 1) + " " + message + "\n";
    }

    private final BatchDecoder decoder = new BatchDecoder(false);

    private BatchDecoder.Decoded decode(LogplexBody body) {
        byte[] bytes = body.bytes();
        return decoder.decode(bytes, bytes.length);
    }

    @Test
    void aFrameTwoBytesShortIsReadWhole() {
        BatchDecoder.Decoded decoded = decode(LogplexBody.at(AT).garbage(SHORT_BY_TWO).r14("web.2"));

        assertThat(decoded.events()).containsExactly(
                new MemorySample("web.1", "0e6a3c2f-5b1d-4e8a-9f70-c4d2b8a61e35", 768.0, 1.25, 4.55, 0.0, 512.0,
                        AT.toEpochMilli()),
                new MemoryError("web.2", "R14", AT.toEpochMilli()));
        assertThat(decoded.frames()).isEqualTo(2);
        assertThat(decoded.malformed()).isZero();
        assertThat(decoded.repaired()).isEqualTo(1);
    }

    @Test
    void aFrameWithABrokenHeaderCountsOnceAsMalformedAndNeverAsRepaired() {
        BatchDecoder.Decoded decoded = decode(LogplexBody.at(AT).r14("web.1")
                .garbage("12345 <13>1 garbage that claims far more bytes than it has\n")
                .garbage("20 <134>1 not-a-time host heroku web.3 - Error R14 (Memory quota exceeded)\n")
                .r14("web.2"));

        assertThat(decoded.events()).extracting(HerokuEvent::dyno).containsExactly("web.1", "web.2");
        assertThat(decoded.frames()).isEqualTo(2);
        assertThat(decoded.malformed()).isEqualTo(2);
        assertThat(decoded.repaired()).isZero();
        assertThat(decoded.lines().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(decoded.frames());
    }

    @Test
    void framesPlusMalformedIsTheNumberOfMessagesLogplexCounts() {
        LogplexBody body = LogplexBody.at(AT).r14("web.1").router("web.1", 20, 200).garbage(SHORT_BY_TWO)
                .garbage("9999999 <13>1 a count past everything\nthat is followed by garbage\n")
                .app("web.1", "hello").garbage("<134>1 no count at all\n").stateChanged("web.1", "starting", "up");

        BatchDecoder.Decoded decoded = decode(body);

        assertThat(decoded.frames() + decoded.malformed()).isEqualTo(body.frames() + 3);
        assertThat(decoded.repaired()).isEqualTo(1);
    }

    @Test
    void repairsAreCountedInTheirOwnMetric() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        byte[] body = (SHORT_BY_TWO + SHORT_BY_TWO).getBytes(StandardCharsets.UTF_8);

        new DrainMetrics(meters).decoded("shop", decoder.decode(body, body.length), 1000);

        assertThat(meters.counter("guardian.drain.frames.repaired", "app", "shop").count()).isEqualTo(2.0);
        assertThat(meters.find("guardian.drain.frames.malformed").counters()).isEmpty();
        assertThat(meters.counter("guardian.drain.lines", "app", "shop", "kind", "memory-sample").count())
                .isEqualTo(2.0);
    }
}
