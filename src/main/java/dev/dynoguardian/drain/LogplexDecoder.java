package dev.dynoguardian.drain;

/**
 * Splits an {@code application/logplex-1} body into frames: RFC 6587 octet counting, {@code <count><SP><message>},
 * where the count is in bytes and normally includes the message's trailing newline.
 *
 * <p>A count is trusted when the frame it describes ends where a frame can end: just after a newline that is
 * followed by a frame start ({@link FrameStart}) or the end of the body, or at the end of the frame's own first line
 * (with or without its newline), or right before a frame start. Otherwise the count is wrong, and it is repaired only
 * where the boundary is unambiguous:
 * <ul>
 *   <li>a count that ends inside the frame's first line is stretched to the end of that line (its newline included)
 *       when the rest of the line holds no frame start; when it does, the frame is taken as counted and decoding
 *       resumes at that frame start, skipping the bytes in between;</li>
 *   <li>a count that runs past the end of the first line (or of the body) is cut at that line's newline when the next
 *       byte starts a frame or ends the body.</li>
 * </ul>
 * A repair never swallows a following frame start. A count that fits none of this (cut off by the end of the body
 * without a newline, past a line followed by more garbage, 8 or more digits) is malformed: decoding resynchronises on
 * the next line that starts like a frame, so one bad frame never drops its neighbours. Linear in the body.
 */
final class LogplexDecoder {

    /** Receives each frame's message, without its trailing newline; {@code repaired} when its count was wrong. */
    interface FrameHandler {
        void frame(byte[] body, int from, int to, boolean repaired);
    }

    /**
     * How many frames were found, how many stretches of the body were unreadable, and how many of the frames found
     * needed their count repaired.
     */
    record Result(int frames, int malformed, int repaired) {
    }

    private final byte[] body;
    private final int length;
    private int newline = -1;
    private int msgStart;
    private int frameEnd;
    private int next;
    private boolean repaired;

    private LogplexDecoder(byte[] body, int length) {
        this.body = body;
        this.length = length;
    }

    static Result decode(byte[] body, int length, FrameHandler handler) {
        return new LogplexDecoder(body, length).run(handler);
    }

    private Result run(FrameHandler handler) {
        int pos = 0;
        int frames = 0;
        int malformed = 0;
        int repairs = 0;
        while (pos < length) {
            byte b = body[pos];
            if (b == '\n' || b == '\r' || b == ' ') {
                pos++;
                continue;
            }
            if (!frame(pos)) {
                malformed++;
                pos = next;
                continue;
            }
            int msgEnd = frameEnd > msgStart && body[frameEnd - 1] == '\n' ? frameEnd - 1 : frameEnd;
            frames++;
            repairs += repaired ? 1 : 0;
            handler.frame(body, msgStart, msgEnd, repaired);
            pos = next;
        }
        return new Result(frames, malformed, repairs);
    }

    /**
     * Reads the frame at {@code start}: true with {@code msgStart}, {@code frameEnd}, {@code next} and {@code repaired}
     * set, or false with {@code next} the position to resynchronise at.
     */
    private boolean frame(int start) {
        int i = start;
        while (i < length && i - start <= FrameStart.MAX_COUNT_DIGITS && Bytes.isDigit(body[i])) {
            i++;
        }
        if (i == start || i - start > FrameStart.MAX_COUNT_DIGITS || i + 1 >= length || body[i] != ' '
                || body[i + 1] != '<') {
            return malformed(start);
        }
        long count = Bytes.parseLong(body, start, i);
        if (count <= 0) {
            return malformed(start);
        }
        msgStart = i + 1;
        long counted = msgStart + count;
        if (counted <= length && body[(int) counted - 1] == '\n'
                && (counted == length || FrameStart.at(body, (int) counted, length))) {
            return frame((int) counted, (int) counted, false);
        }
        int nl = newlineFrom(msgStart);
        int lineEnd = nl < 0 ? length : nl;
        if (counted == lineEnd || (nl >= 0 && counted == nl + 1)) {
            return frame((int) counted, (int) counted, false);
        }
        if (counted < lineEnd) {
            int end = (int) counted;
            if (FrameStart.at(body, end, length)) {
                return frame(end, end, false);
            }
            int resume = FrameStart.next(body, end, lineEnd, length);
            return resume < 0 ? frame(nl < 0 ? length : nl + 1, nl < 0 ? length : nl + 1, true)
                    : frame(end, resume, true);
        }
        if (nl >= 0 && (nl + 1 == length || FrameStart.at(body, nl + 1, length))) {
            return frame(nl + 1, nl + 1, true);
        }
        if (counted <= length && body[(int) counted - 1] == '\n') {
            return frame((int) counted, (int) counted, false);
        }
        return malformed(start);
    }

    private boolean frame(int end, int resume, boolean repair) {
        frameEnd = end;
        next = resume;
        repaired = repair;
        return true;
    }

    private boolean malformed(int start) {
        next = resync(start + 1);
        return false;
    }

    /** The first newline at or after {@code from}, or -1; remembered, since the positions asked for only grow. */
    private int newlineFrom(int from) {
        if (newline < from && newline != length) {
            int found = Bytes.indexOf(body, from, length, (byte) '\n');
            newline = found < 0 ? length : found;
        }
        return newline == length ? -1 : newline;
    }

    /** The first position at or after {@code from} that follows a newline and starts a frame; else the end. */
    private int resync(int from) {
        for (int i = from; i < length; i++) {
            if (body[i - 1] == '\n' && FrameStart.at(body, i, length)) {
                return i;
            }
        }
        return length;
    }
}
