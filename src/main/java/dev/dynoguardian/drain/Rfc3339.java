package dev.dynoguardian.drain;

/** Parses RFC 3339 timestamps ({@code 2013-04-17T19:04:46.123456+00:00}, fewer or no fraction digits, or Z) to epoch ms. */
final class Rfc3339 {

    private Rfc3339() {
    }

    /** Epoch milliseconds, or {@link Long#MIN_VALUE} when the range is not an RFC 3339 timestamp. */
    static long parseMillis(byte[] b, int from, int to) {
        if (to - from < 20 || b[from + 4] != '-' || b[from + 7] != '-' || (b[from + 10] != 'T' && b[from + 10] != 't')
                || b[from + 13] != ':' || b[from + 16] != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(b, from, 4);
        int month = digits(b, from + 5, 2);
        int day = digits(b, from + 8, 2);
        int hour = digits(b, from + 11, 2);
        int minute = digits(b, from + 14, 2);
        int second = digits(b, from + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 60) {
            return Long.MIN_VALUE;
        }
        int i = from + 19;
        int millis = 0;
        if (i < to && b[i] == '.') {
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
        long days = daysFromCivil(year, month, day);
        long epochSeconds = days * 86_400 + hour * 3_600L + minute * 60L + Math.min(second, 59) - offsetSeconds;
        return epochSeconds * 1000 + millis;
    }

    private static long offsetSeconds(byte[] b, int i, int to) {
        if (i == to - 1 && (b[i] == 'Z' || b[i] == 'z')) {
            return 0;
        }
        if (to - i != 6 || (b[i] != '+' && b[i] != '-') || b[i + 3] != ':') {
            return Long.MIN_VALUE;
        }
        int hours = digits(b, i + 1, 2);
        int minutes = digits(b, i + 4, 2);
        if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) {
            return Long.MIN_VALUE;
        }
        long seconds = hours * 3_600L + minutes * 60L;
        return b[i] == '-' ? -seconds : seconds;
    }

    private static int digits(byte[] b, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            if (!Bytes.isDigit(b[i])) {
                return -1;
            }
            value = value * 10 + (b[i] - '0');
        }
        return value;
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
