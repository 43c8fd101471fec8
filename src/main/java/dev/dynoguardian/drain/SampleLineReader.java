package dev.dynoguardian.drain;

/**
 * Reads {@code log-runtime-metrics} lines: {@code source=web.4 dyno=heroku.27066801.<uuid> sample#memory_total=590.29MB
 * ...} or the {@code sample#load_avg_*} variant. Keys may be missing; the incarnation is the uuid after the app number.
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

    private final TokenCache tokens;
    private final LogfmtCursor cursor;

    SampleLineReader(TokenCache tokens, LogfmtCursor cursor) {
        this.tokens = tokens;
        this.cursor = cursor;
    }

    /** A memory or load sample, or null when the line has neither a memory total nor a load average. */
    HerokuEvent read(String procDyno, byte[] b, int from, int to, long at) {
        String dyno = procDyno;
        String incarnation = null;
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
            if (c.keyIs(SOURCE) && !c.valueEmpty()) {
                dyno = tokens.get(b, c.valueStart, c.valueEnd);
            } else if (c.keyIs(DYNO)) {
                incarnation = incarnation(b, c.valueStart, c.valueEnd);
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
        if (!Double.isNaN(total)) {
            return new HerokuEvent.MemorySample(dyno, incarnation, total, rss, cache, swap, quota, at);
        }
        if (!Double.isNaN(load1)) {
            return new HerokuEvent.LoadSample(dyno, incarnation, load1, load5, load15, at);
        }
        return null;
    }

    /** {@code heroku.2808254.d97d0ea7-...} to {@code d97d0ea7-...}; the whole value when it has no such shape. */
    private String incarnation(byte[] b, int from, int to) {
        if (from >= to) {
            return null;
        }
        int first = Bytes.indexOf(b, from, to, (byte) '.');
        int second = first < 0 ? -1 : Bytes.indexOf(b, first + 1, to, (byte) '.');
        return second < 0 ? tokens.get(b, from, to) : tokens.get(b, second + 1, to);
    }
}
