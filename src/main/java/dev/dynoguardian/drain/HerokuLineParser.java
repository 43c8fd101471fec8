package dev.dynoguardian.drain;

import dev.dynoguardian.drain.HerokuEvent.Lifecycle;

/**
 * Turns one syslog frame into a {@link HerokuEvent}, or null for lines the guardian does not act on. Only frames whose
 * APP-NAME is {@code heroku} become platform events; the app's own lines never do. Anyone who knows the drain password
 * can post such lines, so every dyno name put into an event is checked with {@link DynoName#isDyno} before a String is
 * made of it, and a line naming anything else is counted {@link LineKind#INVALID_DYNO} and dropped. Plain byte
 * matching, no regular expressions, linear in the line; one instance per batch (it keeps a reusable cursor).
 */
final class HerokuLineParser {

    private static final byte[] HEROKU = Bytes.ascii("heroku");
    private static final byte[] APP = Bytes.ascii("app");
    private static final byte[] ROUTER = Bytes.ascii("router");
    private static final byte[] LOGPLEX = Bytes.ascii("logplex");
    private static final byte[] ERROR_R14 = Bytes.ascii("Error R14");
    private static final byte[] ERROR_R15 = Bytes.ascii("Error R15");
    private static final byte[] ERROR_L10 = Bytes.ascii("Error L10");
    private static final byte[] PROCESS_RUNNING = Bytes.ascii("Process running mem=");
    private static final byte[] STATE_CHANGED = Bytes.ascii("State changed from ");
    private static final byte[] TO = Bytes.ascii(" to ");
    private static final byte[] RESTARTING = Bytes.ascii("Restarting");
    private static final byte[] CYCLING = Bytes.ascii("Cycling");
    private static final byte[] SAMPLE = Bytes.ascii("sample#");
    private static final byte[] DROPPED = Bytes.ascii("dropped ");
    private static final byte[] COLON = Bytes.ascii("): ");

    private final TokenCache tokens;
    private final boolean keepAppLines;
    private final LogfmtCursor cursor = new LogfmtCursor();
    private final RouterLineReader router;
    private final SampleLineReader samples;
    private LineKind lastKind;

    HerokuLineParser(TokenCache tokens, boolean keepAppLines) {
        this.tokens = tokens;
        this.keepAppLines = keepAppLines;
        this.router = new RouterLineReader(tokens, cursor);
        this.samples = new SampleLineReader(tokens, cursor);
    }

    /** The kind of the line last given to {@link #parse}. */
    LineKind lastKind() {
        return lastKind;
    }

    HerokuEvent parse(SyslogFrame f) {
        if (f.appIs(HEROKU)) {
            return platform(f);
        }
        lastKind = LineKind.APP;
        if (keepAppLines && f.appIs(APP)) {
            return new HerokuEvent.AppLine(tokens.get(f.buf, f.procStart, f.procEnd),
                    Bytes.string(f.buf, f.msgStart, f.msgEnd), f.timestamp);
        }
        return null;
    }

    private HerokuEvent platform(SyslogFrame f) {
        byte[] b = f.buf;
        int from = f.msgStart;
        int to = f.msgEnd;
        if (f.procIs(ROUTER)) {
            HerokuEvent request = router.read(b, from, to, f.timestamp);
            lastKind = request != null ? LineKind.ROUTER : LineKind.INVALID_DYNO;
            return request;
        }
        if (f.procIs(LOGPLEX)) {
            return Bytes.startsWith(b, from, to, ERROR_L10) ? logDropped(b, from, to, f.timestamp) : other();
        }
        String dyno = DynoName.isDyno(b, f.procStart, f.procEnd) ? tokens.get(b, f.procStart, f.procEnd) : null;
        if (Bytes.startsWith(b, from, to, ERROR_R14) || Bytes.startsWith(b, from, to, ERROR_R15)) {
            boolean r15 = b[from + 8] == '5';
            return dyno == null ? invalidDyno() : event(r15 ? LineKind.R15 : LineKind.R14,
                    new HerokuEvent.MemoryError(dyno, r15 ? "R15" : "R14", f.timestamp));
        }
        if (Bytes.startsWith(b, from, to, PROCESS_RUNNING)) {
            return processMemory(dyno, b, from + PROCESS_RUNNING.length, to, f.timestamp);
        }
        if (Bytes.startsWith(b, from, to, STATE_CHANGED)) {
            return stateChanged(dyno, b, from + STATE_CHANGED.length, to, f.timestamp);
        }
        if (Bytes.equals(b, from, to, RESTARTING) || Bytes.equals(b, from, to, CYCLING)) {
            Lifecycle.Kind kind = b[from] == 'R' ? Lifecycle.Kind.RESTARTING : Lifecycle.Kind.CYCLING;
            return dyno == null ? invalidDyno()
                    : event(LineKind.LIFECYCLE, new Lifecycle(dyno, kind, null, null, f.timestamp));
        }
        if (Bytes.indexOf(b, from, to, SAMPLE) >= 0) {
            HerokuEvent sample = samples.read(dyno, b, from, to, f.timestamp);
            lastKind = samples.kind();
            return sample;
        }
        return other();
    }

    private HerokuEvent event(LineKind kind, HerokuEvent event) {
        lastKind = kind;
        return event;
    }

    private HerokuEvent other() {
        lastKind = LineKind.OTHER_PLATFORM;
        return null;
    }

    private HerokuEvent invalidDyno() {
        lastKind = LineKind.INVALID_DYNO;
        return null;
    }

    /** {@code dyno} is null when the line's PROCID is not a valid dyno name. */
    private HerokuEvent processMemory(String dyno, byte[] b, int from, int to, long at) {
        double mb = Bytes.parseDecimal(b, from, to);
        int open = Bytes.indexOf(b, from, to, (byte) '(');
        double percent = open < 0 ? Double.NaN : Bytes.parseDecimal(b, open + 1, to);
        if (Double.isNaN(mb)) {
            return other();
        }
        return dyno == null ? invalidDyno() : event(LineKind.PROCESS_MEMORY,
                new HerokuEvent.ProcessMemory(dyno, mb, percent, at));
    }

    /** {@code State changed from X to Y}: both states must be Heroku's, or the line is not understood. */
    private HerokuEvent stateChanged(String dyno, byte[] b, int from, int to, long at) {
        int sep = Bytes.indexOf(b, from, to, TO);
        if (sep <= from || sep + TO.length >= to) {
            return other();
        }
        int toStart = sep + TO.length;
        int toEnd = Bytes.indexOf(b, toStart, to, (byte) ' ');
        String before = DynoStates.of(b, from, sep);
        String after = DynoStates.of(b, toStart, toEnd < 0 ? to : toEnd);
        if (before == null || after == null) {
            return other();
        }
        return dyno == null ? invalidDyno() : event(LineKind.LIFECYCLE,
                new Lifecycle(dyno, Lifecycle.Kind.STATE_CHANGED, before, after, at));
    }

    private HerokuEvent logDropped(byte[] b, int from, int to, long at) {
        int colon = Bytes.indexOf(b, from, to, COLON);
        long dropped = colon < 0 ? -1 : Bytes.parseLong(b, colon + COLON.length, to);
        if (dropped < 0) {
            int word = Bytes.indexOf(b, from, to, DROPPED);
            dropped = word < 0 ? -1 : Bytes.parseLong(b, word + DROPPED.length, to);
        }
        lastKind = LineKind.L10;
        return new HerokuEvent.LogDropped(Math.max(dropped, 0), at);
    }
}
