package dev.dynoguardian.drain;

import java.util.List;

/** Facts about Heroku dyno names ({@code web.1}, {@code run.6221}, Fir's {@code web.4ed720fa31-ur8z1}). */
public final class DynoName {

    /** The longest name {@link #isDyno} accepts: the size of the database columns that hold dyno names. */
    public static final int MAX_LENGTH = 100;

    /** The longest process type accepted (the Platform API allows 128; no real Procfile comes near 64). */
    static final int MAX_TYPE_LENGTH = 64;

    private static final List<String> ONE_OFF_TYPES = List.of("run", "scheduler", "release");

    private DynoName() {
    }

    /** The process type: the part before the first dot ({@code web} of {@code web.1}). */
    public static String type(String dyno) {
        int dot = dyno.indexOf('.');
        return dot < 0 ? dyno : dyno.substring(0, dot);
    }

    /**
     * One-off and system dynos ({@code run.N}, {@code scheduler.N}, {@code release.N}) are never restarted. Asked for
     * every router line, so it compares prefixes rather than cutting out the type.
     */
    public static boolean isOneOff(String dyno) {
        for (String type : ONE_OFF_TYPES) {
            if (dyno.startsWith(type) && (dyno.length() == type.length() || dyno.charAt(type.length()) == '.')) {
                return true;
            }
        }
        return false;
    }

    /**
     * True only for the name of one dyno: {@code type.N} (Cedar: N of 1 to 9 digits without a leading zero, as
     * {@code web.1}, {@code run.6221}) or {@code type.hash-suffix} (Fir: a lowercase alphanumeric hash of 5 to 16
     * characters and suffix of 4 to 10, as {@code web.4ed720fa31-ur8z1}). The type uses the Platform API's
     * process-type alphabet ({@code [-\w]}, i.e. ASCII letters, digits, {@code _} and {@code -}), starts with a letter
     * or digit and has at most {@value #MAX_TYPE_LENGTH} characters.
     *
     * <p>Everything else is refused, above all a bare type ({@code web}): the Platform API restarts every dyno of a
     * type given where a dyno name is expected. Fir's dot-less form {@code web-848cd4f64d-pvpr2} is refused too, since
     * it cannot be told apart from a process type whose name holds dashes. No path, query, percent, whitespace,
     * control or non-ASCII character ever passes, so a name that passes is safe in a URL path segment.
     */
    public static boolean isDyno(String name) {
        if (name == null) {
            return false;
        }
        int length = name.length();
        if (length > MAX_LENGTH) {
            return false;
        }
        byte[] ascii = new byte[length];
        for (int i = 0; i < length; i++) {
            char c = name.charAt(i);
            if (c > 0x7f) {
                return false;
            }
            ascii[i] = (byte) c;
        }
        return isDyno(ascii, 0, length);
    }

    /** {@link #isDyno(String)} for the bytes {@code [from, to)}, without allocating: the drain's hot path. */
    static boolean isDyno(byte[] b, int from, int to) {
        if (to - from > MAX_LENGTH || to - from < 3 || !isAlnum(b[from])) {
            return false;
        }
        int dot = from + 1;
        while (dot < to && (isAlnum(b[dot]) || b[dot] == '_' || b[dot] == '-')) {
            dot++;
        }
        if (dot >= to || b[dot] != '.' || dot - from > MAX_TYPE_LENGTH) {
            return false;
        }
        return isCedarNumber(b, dot + 1, to) || isFirId(b, dot + 1, to);
    }

    private static boolean isCedarNumber(byte[] b, int from, int to) {
        if (to - from < 1 || to - from > 9 || b[from] == '0') {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!Bytes.isDigit(b[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isFirId(byte[] b, int from, int to) {
        int dash = from;
        while (dash < to && isLowerAlnum(b[dash])) {
            dash++;
        }
        int hash = dash - from;
        if (hash < 5 || hash > 16 || dash >= to || b[dash] != '-') {
            return false;
        }
        int suffix = to - dash - 1;
        if (suffix < 4 || suffix > 10) {
            return false;
        }
        for (int i = dash + 1; i < to; i++) {
            if (!isLowerAlnum(b[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlnum(byte c) {
        return isLowerAlnum(c) || (c >= 'A' && c <= 'Z');
    }

    private static boolean isLowerAlnum(byte c) {
        return Bytes.isDigit(c) || (c >= 'a' && c <= 'z');
    }
}
