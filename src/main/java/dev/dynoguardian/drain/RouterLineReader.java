package dev.dynoguardian.drain;

/**
 * Reads a router line ({@code at=info method=GET path="/" ... dyno=web.1 connect=1ms service=22ms status=200 ...}):
 * every pair is walked, quoted and empty values included; the guardian keeps the ones it uses and ignores the rest,
 * including keys Heroku adds later. The dyno and the code are checked before a String is made of them.
 */
final class RouterLineReader {

    private static final byte[] DYNO = Bytes.ascii("dyno");
    private static final byte[] CONNECT = Bytes.ascii("connect");
    private static final byte[] SERVICE = Bytes.ascii("service");
    private static final byte[] STATUS = Bytes.ascii("status");
    private static final byte[] CODE = Bytes.ascii("code");
    private static final byte[] SOCK = Bytes.ascii("sock");
    private static final byte[] BACKEND = Bytes.ascii("backend");

    /** The code kept for a {@code code=} value that is not a Heroku error code. */
    static final String UNKNOWN_CODE = "unknown";

    private final TokenCache tokens;
    private final LogfmtCursor cursor;

    RouterLineReader(TokenCache tokens, LogfmtCursor cursor) {
        this.tokens = tokens;
        this.cursor = cursor;
    }

    /**
     * The request, or null when its {@code dyno=} is not empty and not a valid dyno name. A {@code code=} that does not
     * look like a Heroku code is kept as {@link #UNKNOWN_CODE}, so the line still counts as an error, of no known kind.
     * A key given twice counts by its last value.
     */
    HerokuEvent.RouterRequest read(byte[] b, int from, int to, long at) {
        int dynoStart = -1;
        int dynoEnd = -1;
        int codeStart = -1;
        int codeEnd = -1;
        int connect = -1;
        int service = -1;
        int status = -1;
        boolean backend = false;
        LogfmtCursor c = cursor.reset(b, from, to);
        while (c.next()) {
            if (c.keyIs(DYNO)) {
                dynoStart = c.valueStart;
                dynoEnd = c.valueEnd;
            } else if (c.keyIs(SERVICE)) {
                service = c.intValue();
            } else if (c.keyIs(CONNECT)) {
                connect = c.intValue();
            } else if (c.keyIs(STATUS)) {
                status = c.intValue();
            } else if (c.keyIs(CODE)) {
                codeStart = c.valueStart;
                codeEnd = c.valueEnd;
            } else if (c.keyIs(SOCK)) {
                backend = c.valueIs(BACKEND);
            }
        }
        String dyno = null;
        if (dynoStart < dynoEnd) {
            if (!DynoName.isDyno(b, dynoStart, dynoEnd)) {
                return null;
            }
            dyno = tokens.get(b, dynoStart, dynoEnd);
        }
        String code = codeStart >= codeEnd ? null
                : isHerokuCode(b, codeStart, codeEnd) ? tokens.get(b, codeStart, codeEnd) : UNKNOWN_CODE;
        return new HerokuEvent.RouterRequest(dyno, connect, service, status, code, backend, at);
    }

    /** {@code H12}, {@code H18}, {@code L10}: one or two capital letters and one to three digits. */
    private static boolean isHerokuCode(byte[] b, int from, int to) {
        int i = from;
        while (i < to && i - from < 2 && b[i] >= 'A' && b[i] <= 'Z') {
            i++;
        }
        int letters = i - from;
        int digits = to - i;
        if (letters == 0 || digits < 1 || digits > 3) {
            return false;
        }
        for (; i < to; i++) {
            if (!Bytes.isDigit(b[i])) {
                return false;
            }
        }
        return true;
    }
}
