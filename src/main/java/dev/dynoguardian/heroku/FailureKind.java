package dev.dynoguardian.heroku;

import java.util.Locale;

/** What went wrong with a Platform API call, as {@link HerokuApiException#kind()} reports it. */
public enum FailureKind {
    /** A 4xx other than 429: final, never retried. */
    HTTP_4XX,
    /** A 5xx. */
    HTTP_5XX,
    /** Heroku answered 429. */
    RATE_LIMITED,
    TIMEOUT,
    IO_ERROR,
    /** The open circuit breaker refused the call: it never reached Heroku. */
    CIRCUIT_OPEN,
    /**
     * The guardian did not send the call: a 429 hold longer than {@code guardian.heroku.max-wait}, or its own rate
     * limiter had no permission free in time.
     */
    RATE_HELD,
    /** The calling thread was interrupted while it waited for a 429 hold to pass. */
    INTERRUPTED;

    /** {@code http-4xx}, {@code circuit-open}...: the {@code status} tag of a call that got no HTTP status. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The call never left the guardian: it is safe to try it again later. */
    public boolean notSent() {
        return this == CIRCUIT_OPEN || this == RATE_HELD;
    }
}
