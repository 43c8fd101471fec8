package dev.dynoguardian.drain;

/**
 * Where a logplex frame can begin: {@code <count><SP><<digit>}, the count being 1 to {@value #MAX_COUNT_DIGITS}
 * digits (the octet count and the start of a syslog {@code <PRI>}). Used to tell whether an octet count ends where a
 * frame really ends. Allocation-free and linear in the bytes looked at.
 */
final class FrameStart {

    /** Counts of more digits (10 MB and more) are never real: a drain body is at most a few hundred KiB. */
    static final int MAX_COUNT_DIGITS = 7;

    private FrameStart() {
    }

    /** True when a frame start begins exactly at {@code pos} (digits before {@code pos} are not looked at). */
    static boolean at(byte[] b, int pos, int length) {
        int i = pos;
        while (i < length && i - pos <= MAX_COUNT_DIGITS && Bytes.isDigit(b[i])) {
            i++;
        }
        int digits = i - pos;
        return digits > 0 && digits <= MAX_COUNT_DIGITS && i + 2 < length && b[i] == ' ' && b[i + 1] == '<'
                && Bytes.isDigit(b[i + 2]);
    }

    /**
     * The first frame start in {@code [from, to)} whose count is a whole run of digits (a count that follows another
     * digit is the tail of a number, not a count), or -1. Each byte is looked at a bounded number of times.
     */
    static int next(byte[] b, int from, int to, int length) {
        int i = from;
        while (i < to) {
            if (!Bytes.isDigit(b[i])) {
                i++;
                continue;
            }
            int run = i;
            while (i < to && Bytes.isDigit(b[i])) {
                i++;
            }
            boolean whole = run == 0 || !Bytes.isDigit(b[run - 1]);
            if (whole && i - run <= MAX_COUNT_DIGITS && i + 2 < length && b[i] == ' ' && b[i + 1] == '<'
                    && Bytes.isDigit(b[i + 2])) {
                return run;
            }
        }
        return -1;
    }
}
