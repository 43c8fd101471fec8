package dev.dynoguardian.drain;

/**
 * Walks the {@code key=value} pairs of a logfmt message without allocating: values are bare runs of non-spaces,
 * {@code "quoted"} (may hold spaces and {@code \"} escapes) or empty ({@code dyno=}). A word without {@code =} is a
 * key with no value. Reuse one cursor with {@link #reset}.
 */
final class LogfmtCursor {

    private byte[] buf;
    private int pos;
    private int end;
    int keyStart;
    int keyEnd;
    int valueStart;
    int valueEnd;

    LogfmtCursor reset(byte[] buf, int from, int to) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
        return this;
    }

    /** Moves to the next pair; false at the end of the message. */
    boolean next() {
        while (pos < end && buf[pos] == ' ') {
            pos++;
        }
        if (pos >= end) {
            return false;
        }
        keyStart = pos;
        while (pos < end && buf[pos] != '=' && buf[pos] != ' ') {
            pos++;
        }
        keyEnd = pos;
        if (pos >= end || buf[pos] == ' ') {
            valueStart = valueEnd = pos;
            return true;
        }
        pos++;
        if (pos < end && buf[pos] == '"') {
            valueStart = ++pos;
            while (pos < end && buf[pos] != '"') {
                pos += buf[pos] == '\\' ? 2 : 1;
            }
            valueEnd = Math.min(pos, end);
            pos = Math.min(pos + 1, end);
        } else {
            valueStart = pos;
            while (pos < end && buf[pos] != ' ') {
                pos++;
            }
            valueEnd = pos;
        }
        return true;
    }

    boolean keyIs(byte[] key) {
        return Bytes.equals(buf, keyStart, keyEnd, key);
    }

    boolean valueIs(byte[] value) {
        return Bytes.equals(buf, valueStart, valueEnd, value);
    }

    boolean valueEmpty() {
        return valueEnd == valueStart;
    }

    double decimalValue() {
        return Bytes.parseDecimal(buf, valueStart, valueEnd);
    }

    /** The integer value ({@code 22} of {@code 22ms}), or -1 when empty or not a number. */
    int intValue() {
        long v = Bytes.parseLong(buf, valueStart, valueEnd);
        return v < 0 || v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    /** The value as text, with {@code \"} and {@code \\} escapes of quoted values resolved. */
    String value() {
        String raw = Bytes.string(buf, valueStart, valueEnd);
        return raw.indexOf('\\') < 0 ? raw : raw.replace("\\\"", "\"").replace("\\\\", "\\");
    }

    String key() {
        return Bytes.string(buf, keyStart, keyEnd);
    }
}
