package dev.dynoguardian.support;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A drain body as an attacker or a broken sender would post it: valid frames (exact counts, one line each, any bytes
 * but a newline, repeated logfmt keys, non-UTF-8 text, lines up to 100k characters) with garbage lines between them.
 * Every garbage line ends in a newline and holds no other: bytes of any value, counts that are huge, negative, of 8
 * or more digits, or a few bytes off, truncated headers, empty lines. Up to about 1 MiB. Built from {@link Choices}, so
 * the fuzzer (coverage-guided) and seeded randomness (jqwik) make the same kinds of bodies. It lives outside the
 * {@code drain} package so that the fuzzer instruments only the code under test.
 */
public final class HostileBody {

    /** Where the decisions come from. */
    public interface Choices {
        /** A number in {@code [min, max]}. */
        int pick(int min, int max);

        /** Up to {@code max} bytes of any value. */
        byte[] bytes(int max);

        public static Choices of(FuzzedDataProvider data) {
            return new Choices() {
                public int pick(int min, int max) {
                    return data.consumeInt(min, max);
                }

                public byte[] bytes(int max) {
                    return data.consumeBytes(max);
                }
            };
        }

        public static Choices of(SplittableRandom random) {
            return new Choices() {
                public int pick(int min, int max) {
                    return (int) random.nextLong(min, max + 1L);
                }

                public byte[] bytes(int max) {
                    byte[] b = new byte[random.nextInt(max + 1)];
                    random.nextBytes(b);
                    return b;
                }
            };
        }
    }

    /** A valid frame: where its message is in the body, and the frame's own bytes. */
    public record Frame(int msgStart, int msgEnd, byte[] bytes) {
    }

    public static final int MAX_BODY = 1 << 20;

    private final List<Frame> frames = new ArrayList<>();
    private final List<int[]> garbageLines = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private HostileBody() {
    }

    public static HostileBody from(Choices c) {
        HostileBody body = new HostileBody();
        int pieces = c.pick(0, 48);
        for (int i = 0; i < pieces && body.out.size() < MAX_BODY; i++) {
            if (c.pick(0, 2) == 0) {
                body.frame(HostileLines.message(c));
            } else {
                body.garbage(HostileLines.garbage(c));
            }
        }
        return body;
    }

    /** The valid frames, in body order. */
    public List<Frame> frames() {
        return frames;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    private void frame(byte[] message) {
        byte[] count = ((message.length + 1) + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] own = new byte[count.length + message.length + 1];
        System.arraycopy(count, 0, own, 0, count.length);
        System.arraycopy(message, 0, own, count.length, message.length);
        own[own.length - 1] = '\n';
        int msgStart = out.size() + count.length;
        out.writeBytes(own);
        frames.add(new Frame(msgStart, msgStart + message.length, own));
    }

    private void garbage(byte[] line) {
        int start = out.size();
        for (byte b : line) {
            out.write(b == '\n' ? ' ' : b);
        }
        out.write('\n');
        garbageLines.add(new int[] {start, out.size()});
    }

    /**
     * True when a garbage line holds a count (1 to 7 digits, a space, {@code <} and a digit, anywhere in the line) that
     * ends exactly after a later newline with a valid frame starting in between. Octet counting makes that one frame
     * of several lines which contains the valid one, as a real message with embedded newlines would; no decoder can
     * tell the two apart, so such bodies are outside the garbage property.
     */
    public boolean hasCountSpanningAValidFrame() {
        byte[] b = out.toByteArray();
        for (int[] line : garbageLines) {
            for (int p = line[0]; p < line[1]; p++) {
                int i = p;
                while (i < line[1] && i - p <= 7 && b[i] >= '0' && b[i] <= '9') {
                    i++;
                }
                if (i == p || i - p > 7 || i + 2 >= b.length || b[i] != ' ' || b[i + 1] != '<'
                        || b[i + 2] < '0' || b[i + 2] > '9') {
                    continue;
                }
                long count = 0;
                for (int d = p; d < i; d++) {
                    count = count * 10 + b[d] - '0';
                }
                long end = i + 1 + count;
                if (end > line[1] && end <= b.length && b[(int) end - 1] == '\n' && spansAFrame(p, end)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean spansAFrame(int from, long to) {
        return frames.stream().anyMatch(f -> f.msgStart() > from && f.msgStart() < to);
    }
}
