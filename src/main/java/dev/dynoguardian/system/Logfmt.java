package dev.dynoguardian.system;

/**
 * Renders one logfmt value. The guardian's log lines carry text it does not control (dyno names and evidence from the
 * drain, reasons from operators, error messages), and Heroku's log tooling splits lines into records and pairs: a value
 * that could end the line or add a {@code key=} would let anyone who can post to the drain forge decisions in the log.
 * So a value is written bare only when it is a plain token; anything else is quoted, with every character that could
 * end a line, end the quotes or hide itself escaped, so each line parses back to exactly the values it was given.
 */
public final class Logfmt {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Logfmt() {
    }

    /**
     * {@code text} as a logfmt value: bare when it is a non-empty token of ASCII letters, digits and
     * {@code - . _ : / @ + , %}; otherwise in double quotes, with {@code \\}, {@code "}, {@code \n}, {@code \r} and
     * {@code \t} escaped as such and every other control or invisible formatting character (C0, DEL, C1, U+2028,
     * U+2029, bidirectional overrides, unpaired surrogates) as {@code \\uXXXX}. Null is written as {@code ""}.
     */
    public static String value(String text) {
        if (text == null || text.isEmpty()) {
            return "\"\"";
        }
        if (bare(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (hidden(c)) {
                        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                                .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static boolean bare(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean token = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == ':' || c == '/' || c == '@' || c == '+' || c == ','
                    || c == '%';
            if (!token) {
                return false;
            }
        }
        return true;
    }

    /** Characters that end a line somewhere, or that a reader would not see. */
    private static boolean hidden(char c) {
        return Character.isISOControl(c) || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029'
                || Character.getType(c) == Character.FORMAT;
    }
}
