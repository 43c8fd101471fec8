package dev.dynoguardian.drain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The searches against plain loops, at every alignment, with bytes of every value around. */
class BytesTest {

    private static final byte[] TARGETS = {' ', '=', '"', '\\', (byte) 0x80, (byte) 0xff, 0, 1};

    @Test
    void indexOfFindsTheFirstMatchLikeAPlainLoop() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 20_000; round++) {
            byte[] buf = randomBytes(random);
            int from = random.nextInt(buf.length + 1);
            int to = from + random.nextInt(buf.length - from + 1);
            byte a = TARGETS[random.nextInt(TARGETS.length)];
            byte b = TARGETS[random.nextInt(TARGETS.length)];
            assertThat(Bytes.indexOf(buf, from, to, a)).isEqualTo(plainIndexOf(buf, from, to, a, a));
            assertThat(Bytes.indexOfEither(buf, from, to, a, b)).isEqualTo(plainIndexOf(buf, from, to, a, b));
            byte[] needle = {a, b, a};
            assertThat(Bytes.indexOf(buf, from, to, needle)).isEqualTo(plainIndexOf(buf, from, to, needle));
        }
    }

    /** Mostly the searched bytes and their neighbours (a borrow in the word trick passes between adjacent bytes). */
    private static byte[] randomBytes(SplittableRandom random) {
        byte[] buf = new byte[random.nextInt(40)];
        for (int i = 0; i < buf.length; i++) {
            byte near = TARGETS[random.nextInt(TARGETS.length)];
            buf[i] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : (byte) (near + random.nextInt(3) - 1);
        }
        return buf;
    }

    private static int plainIndexOf(byte[] buf, int from, int to, byte[] needle) {
        for (int i = from; i + needle.length <= to; i++) {
            if (Arrays.equals(buf, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    private static int plainIndexOf(byte[] buf, int from, int to, byte a, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == a || buf[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
