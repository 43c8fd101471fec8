package dev.dynoguardian.drain;

/**
 * Reads {@code log-runtime-metrics} lines: {@code source=web.4 dyno=heroku.27066801.<uuid> sample#memory_total=590.29MB
 * ...} or the {@code sample#load_avg_*} variant. Keys may be missing; the incarnation is the uuid after the app number.
 * The dyno and the incarnation are checked before a String is made of them.
 */
final class SampleLineReader {

    private static final byte[] SOURCE = Bytes.ascii("source");
    private static final byte[] DYNO = Bytes.ascii("dyno");
    private static final byte[] MEMORY_TOTAL = Bytes.ascii("sample#memory_total");
    private static final byte[] MEMORY_RSS = Bytes.ascii("sample#memory_rss");
    private static final byte[] MEMORY_CACHE = Bytes.ascii("sample#memory_cache");
    private static final byte[] MEMORY_SWAP = Bytes.ascii("sample#memory_swap");
    private static final byte[] MEMORY_QUOTA = Bytes.ascii("sample#memory_quota");
    private static final byte[] LOAD_1M = Bytes.ascii("sample#load_avg_1m");
    private static final byte[] LOAD_5M = Bytes.ascii("sample#load_avg_5m");
    private static final byte[] LOAD_15M = Bytes.ascii("sample#load_avg_15m");

    private static final int MAX_INCARNATION = 64;

    private final TokenCache tokens;
    private final LogfmtCursor cursor;
    private LineKind kind = LineKind.OTHER_PLATFORM;

    SampleLineReader(TokenCache tokens, LogfmtCursor cursor) {
        this.tokens = tokens;
        this.cursor = cursor;
    }

    /** The kind of the line last given to {@link #read}. */
    LineKind kind() {
        return kind;
    }

    /**
     * A memory or load sample, or null when the line has neither a memory total nor a load average
     * ({@link LineKind#OTHER_PLATFORM}) or names no valid dyno ({@link LineKind#INVALID_DYNO}): {@code procDyno} is null
     * when the line's PROCID is not one, and a non-empty {@code source=} must be one too. A key given twice counts by
     * its last value.
     */
    HerokuEvent read(String procDyno, byte[] b, int from, int to, long at) {
        int sourceStart = -1;
        int sourceEnd = -1;
        int dynoStart = -1;
        int dynoEnd = -1;
        double total = Double.NaN;
        double rss = Double.NaN;
        double cache = Double.NaN;
        double swap = Double.NaN;
        double quota = Double.NaN;
        double load1 = Double.NaN;
        double load5 = Double.NaN;
        double load15 = Double.NaN;
        LogfmtCursor c = cursor.reset(b, from, to);
        while (c.next()) {
            if (c.keyIs(SOURCE)) {
                sourceStart = c.valueStart;
                sourceEnd = c.valueEnd;
            } else if (c.keyIs(DYNO)) {
                dynoStart = c.valueStart;
                dynoEnd = c.valueEnd;
            } else if (c.keyIs(MEMORY_TOTAL)) {
                total = c.decimalValue();
            } else if (c.keyIs(MEMORY_RSS)) {
                rss = c.decimalValue();
            } else if (c.keyIs(MEMORY_CACHE)) {
                cache = c.decimalValue();
            } else if (c.keyIs(MEMORY_SWAP)) {
                swap = c.decimalValue();
            } else if (c.keyIs(MEMORY_QUOTA)) {
                quota = c.decimalValue();
            } else if (c.keyIs(LOAD_1M)) {
                load1 = c.decimalValue();
            } else if (c.keyIs(LOAD_5M)) {
                load5 = c.decimalValue();
            } else if (c.keyIs(LOAD_15M)) {
                load15 = c.decimalValue();
            }
        }
        boolean memory = !Double.isNaN(total);
        if (!memory && Double.isNaN(load1)) {
            kind = LineKind.OTHER_PLATFORM;
            return null;
        }
        boolean hasSource = sourceStart < sourceEnd;
        if (procDyno == null || (hasSource && !DynoName.isDyno(b, sourceStart, sourceEnd))) {
            kind = LineKind.INVALID_DYNO;
            return null;
        }
        String dyno = hasSource ? tokens.get(b, sourceStart, sourceEnd) : procDyno;
        String incarnation = dynoStart < 0 ? null : incarnation(b, dynoStart, dynoEnd);
        kind = memory ? LineKind.MEMORY_SAMPLE : LineKind.LOAD_SAMPLE;
        return memory ? new HerokuEvent.MemorySample(dyno, incarnation, total, rss, cache, swap, quota, at)
                : new HerokuEvent.LoadSample(dyno, incarnation, load1, load5, load15, at);
    }

    /**
     * {@code heroku.2808254.d97d0ea7-...} to {@code d97d0ea7-...}, the whole value when it has no such shape; null when
     * that is empty or not at most {@value #MAX_INCARNATION} characters of {@code [0-9A-Za-z-]}.
     */
    private String incarnation(byte[] b, int from, int to) {
        int first = Bytes.indexOf(b, from, to, (byte) '.');
        int second = first < 0 ? -1 : Bytes.indexOf(b, first + 1, to, (byte) '.');
        int start = second < 0 ? from : second + 1;
        if (start >= to || to - start > MAX_INCARNATION) {
            return null;
        }
        for (int i = start; i < to; i++) {
            byte c = b[i];
            if (!(Bytes.isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-')) {
                return null;
            }
        }
        return tokens.get(b, start, to);
    }
}
