package dev.dynoguardian.restart;

import java.time.Instant;

/**
 * What the RestartPolicy knows when it decides about one request, read under the app's lock.
 *
 * @param pause                the pause in force (global or the app's), or null
 * @param window               the dyno name's last restart and flapping streak, or null if never restarted
 * @param incarnationRestarted the request's incarnation was already restarted
 * @param inFlightOfType       restarts of the process type under way (all instances)
 * @param typeSize             dynos of the type known to exist
 * @param unavailableOfType    dynos of the type down now: restarts in flight plus dynos seen crashed or starting
 * @param runningOfType        dynos of the type seen up
 * @param restartsLastHour     actions of the app in the last hour that count against the request's budget: the
 *                             planned ones for a planned request, all others otherwise
 * @param apiBlocked           why the Heroku API takes no calls now ({@link Rule#CIRCUIT_OPEN},
 *                             {@link Rule#RATE_LIMITED}), or null when it does
 */
record PolicySnapshot(Pause pause, WindowState window, boolean incarnationRestarted, int inFlightOfType,
                      int typeSize, int unavailableOfType, int runningOfType, int restartsLastHour,
                      Rule apiBlocked) {

    /** A dyno name's restart history: rules 1 and 2. {@code relapseAt} is when it first needed a restart again. */
    record WindowState(Instant lastRestart, int streak, Instant relapseAt) {
    }
}
