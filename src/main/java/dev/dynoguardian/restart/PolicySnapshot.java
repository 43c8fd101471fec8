package dev.dynoguardian.restart;

import java.time.Instant;

/**
 * What the RestartPolicy knows when it decides about one request, read under the app's lock. Built with
 * {@link #ofType}: a type of that many dynos, all up, nothing in flight, paused or spent, unless said otherwise.
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
 * @param platformIncident     the Heroku incident that holds new actions, for people, or null
 */
record PolicySnapshot(Pause pause, WindowState window, boolean incarnationRestarted, int inFlightOfType,
                      int typeSize, int unavailableOfType, int runningOfType, int restartsLastHour,
                      Rule apiBlocked, String platformIncident) {

    /** A dyno name's restart history: rules 1 and 2. {@code relapseAt} is when it first needed a restart again. */
    record WindowState(Instant lastRestart, int streak, Instant relapseAt) {
    }

    /** A type of {@code size} dynos, all running; nothing else in the way. */
    static PolicySnapshot ofType(int size) {
        return new PolicySnapshot(null, null, false, 0, size, 0, size, 0, null, null);
    }

    PolicySnapshot withPause(Pause p) {
        return new PolicySnapshot(p, window, incarnationRestarted, inFlightOfType, typeSize, unavailableOfType,
                runningOfType, restartsLastHour, apiBlocked, platformIncident);
    }

    PolicySnapshot withWindow(WindowState w) {
        return new PolicySnapshot(pause, w, incarnationRestarted, inFlightOfType, typeSize, unavailableOfType,
                runningOfType, restartsLastHour, apiBlocked, platformIncident);
    }

    PolicySnapshot withIncarnationRestarted(boolean restarted) {
        return new PolicySnapshot(pause, window, restarted, inFlightOfType, typeSize, unavailableOfType,
                runningOfType, restartsLastHour, apiBlocked, platformIncident);
    }

    /** {@code inFlight} restarts under way, {@code unavailable} dynos down with them, {@code running} up. */
    PolicySnapshot withLoad(int inFlight, int unavailable, int running) {
        return new PolicySnapshot(pause, window, incarnationRestarted, inFlight, typeSize, unavailable, running,
                restartsLastHour, apiBlocked, platformIncident);
    }

    PolicySnapshot withRestartsLastHour(int restarts) {
        return new PolicySnapshot(pause, window, incarnationRestarted, inFlightOfType, typeSize, unavailableOfType,
                runningOfType, restarts, apiBlocked, platformIncident);
    }

    PolicySnapshot withApiBlocked(Rule rule) {
        return new PolicySnapshot(pause, window, incarnationRestarted, inFlightOfType, typeSize, unavailableOfType,
                runningOfType, restartsLastHour, rule, platformIncident);
    }

    PolicySnapshot withPlatformIncident(String incident) {
        return new PolicySnapshot(pause, window, incarnationRestarted, inFlightOfType, typeSize, unavailableOfType,
                runningOfType, restartsLastHour, apiBlocked, incident);
    }
}
