package dev.dynoguardian.drain;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Allocation-free helpers over byte ranges, for the drain's hot path. */
final class Bytes {

    /** Reads eight bytes of an array as one long, the first byte lowest. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private Bytes() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static boolean startsWith(byte[] buf, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buf[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Compared from the end: keys that share a long prefix ({@code sample#memory_rss}, ...) differ there. */
    static boolean equals(byte[] buf, int from, int to, byte[] token) {
        if (to - from != token.length) {
            return false;
        }
        for (int i = token.length - 1; i >= 0; i--) {
            if (buf[from + i] != token[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first {@code b} in {@code [from, to)}, or -1. Looks at eight bytes at a time, see {@link #matches}.
     */
    static int indexOf(byte[] buf, int from, int to, byte b) {
        long pattern = (b & 0xFFL) * ONES;
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long found = matches((long) LONGS.get(buf, i), pattern);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The first {@code a} or {@code b} in {@code [from, to)}, or -1; eight bytes at a time as {@link #indexOf}. */
    static int indexOfEither(byte[] buf, int from, int to, byte a, byte b) {
        long patternA = (a & 0xFFL) * ONES;
        long patternB = (b & 0xFFL) * ONES;
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long word = (long) LONGS.get(buf, i);
            long found = matches(word, patternA) | matches(word, patternB);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buf[i] == a || buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Marks the bytes of {@code word} that equal the byte repeated in {@code pattern}: {@code word ^ pattern} is zero
     * exactly there, and {@code (y - ONES) & ~y & HIGHS} sets the high bit of the lowest zero byte of {@code y} (it may
     * falsely mark higher bytes too, never lower ones; Hacker's Delight, "Find First 0-Byte"). So the lowest mark, the
     * first byte in the array's order, is always a true match.
     */
    private static long matches(long word, long pattern) {
        long y = word ^ pattern;
        return (y - ONES) & ~y & HIGHS;
    }

    /**
     * The first {@code needle} (not empty) in {@code [from, to)}, or -1: its first byte is found by {@link #indexOf}.
     */
    static int indexOf(byte[] buf, int from, int to, byte[] needle) {
        for (int i = indexOf(buf, from, to, needle[0]); i >= 0; i = indexOf(buf, i + 1, to, needle[0])) {
            if (startsWith(buf, i, to, needle)) {
                return i;
            }
        }
        return -1;
    }

    static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** Parses a non-negative decimal integer prefix of the range; -1 when the range does not start with a digit. */
    static long parseLong(byte[] buf, int from, int to) {
        if (from >= to || !isDigit(buf[from])) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to && isDigit(buf[i]); i++) {
            value = value * 10 + (buf[i] - '0');
            if (value > Long.MAX_VALUE / 10) {
                return -1;
            }
        }
        return value;
    }

    private static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
        1e13, 1e14, 1e15, 1e16, 1e17, 1e18};

    /**
     * Parses a non-negative decimal number prefix such as {@code 590.29} in {@code 590.29MB}; units that follow are
     * ignored. Exact like {@link Double#parseDouble} for up to 18 significant digits (further digits are dropped).
     * Returns NaN when the range does not start with a number.
     */
    static double parseDecimal(byte[] buf, int from, int to) {
        int i = from;
        long mantissa = 0;
        int digits = 0;
        int fraction = 0;
        boolean dot = false;
        for (; i < to; i++) {
            byte b = buf[i];
            if (b == '.' && !dot) {
                dot = true;
            } else if (isDigit(b)) {
                if (digits < 18) {
                    mantissa = mantissa * 10 + (b - '0');
                    digits++;
                    fraction += dot ? 1 : 0;
                } else if (!dot) {
                    return Double.NaN;
                }
            } else {
                break;
            }
        }
        if (digits == 0 || (i > from && buf[from] == '.')) {
            return Double.NaN;
        }
        return mantissa / POW10[fraction];
    }

    static String string(byte[] buf, int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }
}
