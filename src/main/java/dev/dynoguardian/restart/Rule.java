package dev.dynoguardian.restart;

import java.util.Locale;

/** The rule of the RestartPolicy that decided, recorded with every decision. */
public enum Rule {
    /** No rule stood in the way. */
    ALLOWED,
    /** The incarnation (the uuid of {@code dyno=heroku.N.<uuid>}) was already restarted. */
    INCARNATION,
    /** Rule 1: at most one restart of a dyno name per window. */
    WINDOW,
    /** Rule 2: the dyno flaps, so its window grows exponentially. */
    BACKOFF,
    /** Rule 2: past the flap limit the guardian stops restarting the dyno: restarting is not helping. */
    FLAPPING,
    /** Rule 3: the process type already has max-in-flight restarts under way. */
    IN_FLIGHT,
    /** Rule 4: acting would take down more than max-unavailable of the process type. */
    CAPACITY,
    /** Rule 4: never the only running dyno of a type for a latency reason. */
    LAST_DYNO,
    /** Rule 5: max-restarts-per-hour reached for the app. */
    BUDGET,
    /** Rule 8: the guardian or the app is paused. */
    PAUSED,
    /** Rule 9: Heroku reports the Apps system at or above {@code guardian.platform-status.hold-on}: restarts would not help. */
    PLATFORM_INCIDENT,
    /** The Heroku API's circuit breaker is open. */
    CIRCUIT_OPEN,
    /** Heroku answered 429 and holds calls longer than {@code guardian.heroku.max-wait}: nothing is sent until then. */
    RATE_LIMITED,
    /** A queued request whose evidence no longer holds (the dyno recovered or was replaced). */
    EVIDENCE_GONE,
    /** The queue of the app is full. */
    QUEUE_FULL,
    /** The Heroku API call failed. */
    API_ERROR,
    /** The dyno is not in a monitored type, or is a one-off. */
    NOT_MONITORED,
    /** The Platform API's list of the app's dynos, fetched after the request, does not name the dyno. */
    NOT_LISTED,
    /** The guardian stopped while the request waited in its queue; the next evidence asks again. */
    SHUTDOWN;

    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The rule of a ledger row's tag ({@link #tag()}). */
    public static Rule of(String tag) {
        return valueOf(tag.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
