package dev.dynoguardian.drain;

/**
 * Splits an {@code application/logplex-1} body into frames: RFC 6587 octet counting, {@code <count><SP><message>},
 * where the count is in bytes and normally includes the message's trailing newline. Frames without the newline are
 * tolerated. A frame whose count is broken is counted as malformed and decoding resynchronises on the next line that
 * starts like a frame, so one bad frame never drops its neighbours.
 */
final class LogplexDecoder {

    /** Receives each frame's message, without its trailing newline. */
    interface FrameHandler {
        void frame(byte[] body, int from, int to);
    }

    /** How many frames were found and how many of them (or of the unreadable stretches) were malformed. */
    record Result(int frames, int malformed) {
    }

    private static final int MAX_COUNT_DIGITS = 7;

    private LogplexDecoder() {
    }

    static Result decode(byte[] body, int length, FrameHandler handler) {
        int pos = 0;
        int frames = 0;
        int malformed = 0;
        while (pos < length) {
            byte b = body[pos];
            if (b == '\n' || b == '\r' || b == ' ') {
                pos++;
                continue;
            }
            int end = frameEnd(body, pos, length);
            if (end < 0) {
                malformed++;
                pos = resync(body, pos + 1, length);
                continue;
            }
            int msgStart = Bytes.indexOf(body, pos, end, (byte) ' ') + 1;
            int msgEnd = end;
            if (msgEnd > msgStart && body[msgEnd - 1] == '\n') {
                msgEnd--;
            }
            frames++;
            handler.frame(body, msgStart, msgEnd);
            pos = end;
        }
        return new Result(frames, malformed);
    }

    /**
     * The end of the frame starting at {@code pos}, or -1 when its octet count does not describe a frame: a count is
     * believed when the frame ends with its newline (as Heroku counts it) or is followed by the next frame, the end
     * of the body or a newline.
     */
    private static int frameEnd(byte[] body, int pos, int length) {
        int i = pos;
        while (i < length && i - pos <= MAX_COUNT_DIGITS && Bytes.isDigit(body[i])) {
            i++;
        }
        if (i == pos || i - pos > MAX_COUNT_DIGITS || i >= length || body[i] != ' ') {
            return -1;
        }
        long count = Bytes.parseLong(body, pos, i);
        long end = i + 1 + count;
        if (count <= 0 || end > length || body[i + 1] != '<') {
            return -1;
        }
        int next = (int) end;
        boolean endsLine = body[next - 1] == '\n';
        boolean boundary = next == length || body[next] == '\n' || body[next] == '\r' || Bytes.isDigit(body[next]);
        return endsLine || boundary ? next : -1;
    }

    /** The first position at or after {@code from} that follows a newline and starts like a frame; else the end. */
    private static int resync(byte[] body, int from, int length) {
        for (int i = from; i < length; i++) {
            if (body[i - 1] == '\n' && looksLikeFrameStart(body, i, length)) {
                return i;
            }
        }
        return length;
    }

    private static boolean looksLikeFrameStart(byte[] body, int pos, int length) {
        int i = pos;
        while (i < length && Bytes.isDigit(body[i]) && i - pos <= MAX_COUNT_DIGITS) {
            i++;
        }
        return i > pos && i + 2 < length && body[i] == ' ' && body[i + 1] == '<' && Bytes.isDigit(body[i + 2]);
    }
}
