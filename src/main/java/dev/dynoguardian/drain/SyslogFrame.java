package dev.dynoguardian.drain;

/**
 * One RFC 5424 message as Heroku writes it, {@code <PRI>1 TIMESTAMP host APP-NAME PROCID MSGID MSG}, held as offsets
 * into the request body. A single instance is reused for every frame of a batch, so nothing is allocated per line.
 */
final class SyslogFrame {

    private final Rfc3339 timestamps = new Rfc3339();
    byte[] buf;
    long timestamp;
    int appStart;
    int appEnd;
    int procStart;
    int procEnd;
    int msgStart;
    int msgEnd;

    /** Reads the header of the message in {@code [from, to)}; false when it is not a well-formed syslog message. */
    boolean parse(byte[] body, int from, int to) {
        buf = body;
        int i = from;
        if (i >= to || body[i] != '<') {
            return false;
        }
        int close = Bytes.indexOf(body, i + 1, Math.min(to, i + 5), (byte) '>');
        if (close < 0 || close == i + 1 || !allDigits(body, i + 1, close)) {
            return false;
        }
        i = close + 1;
        if (i + 1 >= to || body[i] != '1' || body[i + 1] != ' ') {
            return false;
        }
        i += 2;
        int tsEnd = tokenEnd(body, i, to);
        timestamp = timestamps.parseMillis(body, i, tsEnd);
        if (timestamp == Long.MIN_VALUE) {
            return false;
        }
        int hostEnd = tokenEnd(body, tsEnd + 1, to);
        appStart = hostEnd + 1;
        appEnd = tokenEnd(body, appStart, to);
        procStart = appEnd + 1;
        procEnd = tokenEnd(body, procStart, to);
        int msgIdEnd = tokenEnd(body, procEnd + 1, to);
        if (tsEnd >= to || hostEnd >= to || appEnd >= to || procEnd >= to
                || appEnd == appStart || procEnd == procStart || msgIdEnd == procEnd + 1) {
            return false;
        }
        msgStart = Math.min(msgIdEnd + 1, to);
        msgEnd = to;
        return true;
    }

    boolean appIs(byte[] name) {
        return Bytes.equals(buf, appStart, appEnd, name);
    }

    boolean procIs(byte[] name) {
        return Bytes.equals(buf, procStart, procEnd, name);
    }

    private static int tokenEnd(byte[] body, int from, int to) {
        if (from >= to) {
            return to;
        }
        int space = Bytes.indexOf(body, from, to, (byte) ' ');
        return space < 0 ? to : space;
    }

    private static boolean allDigits(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Bytes.isDigit(body[i])) {
                return false;
            }
        }
        return true;
    }
}
