package dev.dynoguardian.latency;

import dev.dynoguardian.drain.HerokuEvent.RouterRequest;
import java.util.Set;

/** How a router line counts for its dyno: its response time, and whether it is an error pointing at that dyno. */
final class RouterTiming {

    /** Router errors that point at one bad dyno; H18 only with {@code sock=backend}. */
    private static final Set<String> DYNO_CODES = Set.of("H12", "H13", "H19", "H21");

    private RouterTiming() {
    }

    /**
     * Router errors that point at the dyno (H12, H13, H18 with {@code sock=backend}, H19, H21) and 5xx answers of
     * the app itself. Codes about the whole app or the client (H10, H11, H14, H20, H27, H80, ...) never do.
     */
    static boolean dynoError(RouterRequest r) {
        if (r.code() != null) {
            return DYNO_CODES.contains(r.code()) || ("H18".equals(r.code()) && r.backendSocket());
        }
        return r.status() >= 500;
    }

    /**
     * The response time in ms, or -1 when the line is not a timing: any router error, H12's 30 s included, is an
     * error and must not drag the mean.
     */
    static long millis(RouterRequest r, boolean includeConnect) {
        if (r.code() != null || r.serviceMs() < 0) {
            return -1;
        }
        return includeConnect && r.connectMs() > 0 ? (long) r.serviceMs() + r.connectMs() : r.serviceMs();
    }
}
