package dev.dynoguardian.drain;

import java.util.Arrays;

/**
 * Parses RFC 3339 timestamps ({@code 2013-04-17T19:04:46.123456+00:00}, fewer or no fraction digits, or Z) to epoch ms.
 * An instance remembers the date and time to the second of the last timestamp it read, as the lines of one batch
 * mostly share it; one instance per batch (not thread-safe).
 */
final class Rfc3339 {

    /** {@code yyyy-mm-ddThh:mm:ss}. */
    private static final int LOCAL = 19;

    private final byte[] lastLocal = new byte[LOCAL];
    private long lastLocalSeconds = Long.MIN_VALUE;

    /** Epoch milliseconds, or {@link Long#MIN_VALUE} when the range is not an RFC 3339 timestamp. */
    long parseMillis(byte[] b, int from, int to) {
        long seconds = to - from <= LOCAL ? Long.MIN_VALUE : localSeconds(b, from);
        if (seconds == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        int i = from + LOCAL;
        int millis = 0;
        if (b[i] == '.') {
            i++;
            int scale = 100;
            int start = i;
            while (i < to && Bytes.isDigit(b[i])) {
                millis += (b[i] - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == start) {
                return Long.MIN_VALUE;
            }
        }
        long offsetSeconds = offsetSeconds(b, i, to);
        if (offsetSeconds == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        return (seconds - offsetSeconds) * 1000 + millis;
    }

    /**
     * {@code yyyy-mm-ddThh:mm:ss} at {@code from} (all {@value #LOCAL} bytes there) as seconds since 1970 in its own
     * time zone, a leap second counted as :59; {@link Long#MIN_VALUE} when malformed.
     */
    private long localSeconds(byte[] b, int from) {
        if (lastLocalSeconds != Long.MIN_VALUE && Arrays.equals(b, from, from + LOCAL, lastLocal, 0, LOCAL)) {
            return lastLocalSeconds;
        }
        long seconds = parseLocalSeconds(b, from);
        if (seconds != Long.MIN_VALUE) {
            System.arraycopy(b, from, lastLocal, 0, LOCAL);
            lastLocalSeconds = seconds;
        }
        return seconds;
    }

    private static long parseLocalSeconds(byte[] b, int from) {
        if (b[from + 4] != '-' || b[from + 7] != '-' || (b[from + 10] != 'T' && b[from + 10] != 't')
                || b[from + 13] != ':' || b[from + 16] != ':') {
            return Long.MIN_VALUE;
        }
        int century = twoDigits(b, from);
        int yearOfCentury = twoDigits(b, from + 2);
        int month = twoDigits(b, from + 5);
        int day = twoDigits(b, from + 8);
        int hour = twoDigits(b, from + 11);
        int minute = twoDigits(b, from + 14);
        int second = twoDigits(b, from + 17);
        if (century < 0 || yearOfCentury < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0
                || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
            return Long.MIN_VALUE;
        }
        long days = daysFromCivil(century * 100 + yearOfCentury, month, day);
        return days * 86_400 + hour * 3_600L + minute * 60L + Math.min(second, 59);
    }

    private static long offsetSeconds(byte[] b, int i, int to) {
        if (i == to - 1 && (b[i] == 'Z' || b[i] == 'z')) {
            return 0;
        }
        if (to - i != 6 || (b[i] != '+' && b[i] != '-') || b[i + 3] != ':') {
            return Long.MIN_VALUE;
        }
        int hours = twoDigits(b, i + 1);
        int minutes = twoDigits(b, i + 4);
        if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) {
            return Long.MIN_VALUE;
        }
        long seconds = hours * 3_600L + minutes * 60L;
        return b[i] == '-' ? -seconds : seconds;
    }

    /** The two digits at {@code i} as a number, or -1. */
    private static int twoDigits(byte[] b, int i) {
        return Bytes.isDigit(b[i]) && Bytes.isDigit(b[i + 1]) ? (b[i] - '0') * 10 + (b[i + 1] - '0') : -1;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
    private static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yoe = y - era * 400;
        int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097L + doe - 719_468;
    }
}
