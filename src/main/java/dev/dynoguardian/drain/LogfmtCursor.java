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
        int i = pos;
        while (i < end && buf[i] == ' ') {
            i++;
        }
        if (i >= end) {
            pos = i;
            return false;
        }
        keyStart = i;
        i = keyEnd = keyEnd(i);
        if (i >= end || buf[i] == ' ') {
            valueStart = valueEnd = pos = i;
        } else if (i + 1 < end && buf[i + 1] == '"') {
            quotedValue(i + 2);
        } else {
            valueStart = i + 1;
            int space = Bytes.indexOf(buf, valueStart, end, (byte) ' ');
            valueEnd = pos = space < 0 ? end : space;
        }
        return true;
    }

    /** The end of the key that starts at {@code from}: the first {@code =} or space, or the end. */
    private int keyEnd(int from) {
        int stop = Bytes.indexOfEither(buf, from, end, (byte) '=', (byte) ' ');
        return stop < 0 ? end : stop;
    }

    /** A value that starts after its opening quote at {@code from}; a backslash escapes the byte after it. */
    private void quotedValue(int from) {
        int i = from;
        while (i < end) {
            int stop = Bytes.indexOfEither(buf, i, end, (byte) '"', (byte) '\\');
            if (stop < 0 || buf[stop] == '"') {
                i = stop < 0 ? end : stop;
                break;
            }
            i = stop + 2;
        }
        valueStart = from;
        valueEnd = Math.min(i, end);
        pos = Math.min(i + 1, end);
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
