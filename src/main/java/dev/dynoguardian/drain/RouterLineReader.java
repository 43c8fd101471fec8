package dev.dynoguardian.drain;

/**
 * Reads a router line ({@code at=info method=GET path="/" ... dyno=web.1 connect=1ms service=22ms status=200 ...}):
 * every pair is walked, quoted and empty values included; the guardian keeps the ones it uses and ignores the rest,
 * including keys Heroku adds later.
 */
final class RouterLineReader {

    private static final byte[] DYNO = Bytes.ascii("dyno");
    private static final byte[] CONNECT = Bytes.ascii("connect");
    private static final byte[] SERVICE = Bytes.ascii("service");
    private static final byte[] STATUS = Bytes.ascii("status");
    private static final byte[] CODE = Bytes.ascii("code");
    private static final byte[] SOCK = Bytes.ascii("sock");
    private static final byte[] BACKEND = Bytes.ascii("backend");

    private final TokenCache tokens;
    private final LogfmtCursor cursor;

    RouterLineReader(TokenCache tokens, LogfmtCursor cursor) {
        this.tokens = tokens;
        this.cursor = cursor;
    }

    HerokuEvent.RouterRequest read(byte[] b, int from, int to, long at) {
        String dyno = null;
        String code = null;
        int connect = -1;
        int service = -1;
        int status = -1;
        boolean backend = false;
        LogfmtCursor c = cursor.reset(b, from, to);
        while (c.next()) {
            if (c.keyIs(DYNO)) {
                dyno = c.valueEmpty() ? null : tokens.get(b, c.valueStart, c.valueEnd);
            } else if (c.keyIs(SERVICE)) {
                service = c.intValue();
            } else if (c.keyIs(CONNECT)) {
                connect = c.intValue();
            } else if (c.keyIs(STATUS)) {
                status = c.intValue();
            } else if (c.keyIs(CODE)) {
                code = c.valueEmpty() ? null : tokens.get(b, c.valueStart, c.valueEnd);
            } else if (c.keyIs(SOCK)) {
                backend = c.valueIs(BACKEND);
            }
        }
        return new HerokuEvent.RouterRequest(dyno, connect, service, status, code, backend, at);
    }
}
