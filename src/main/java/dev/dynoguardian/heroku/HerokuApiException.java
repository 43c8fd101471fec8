package dev.dynoguardian.heroku;

/**
 * A failed Platform API call, classified for retries and the circuit breaker.
 *
 * @see RetryableFailure
 * @see BreakerFailure
 */
public class HerokuApiException extends RuntimeException {

    /** The {@link #kind()} of a call refused by the open circuit breaker: it never reached Heroku. */
    public static final String CIRCUIT_OPEN = "circuit-open";
    /**
     * The {@link #kind()} of a call the guardian did not send: a 429 hold longer than {@code guardian.heroku.max-wait},
     * or its own rate limiter had no permission free in time.
     */
    public static final String RATE_HELD = "rate-held";

    private final String operation;
    private final int status;
    private final String kind;
    private final boolean retryable;
    private final boolean breakerFailure;

    HerokuApiException(String operation, int status, String kind, String message, boolean retryable,
                       boolean breakerFailure) {
        super(operation + " failed: " + message);
        this.operation = operation;
        this.status = status;
        this.kind = kind;
        this.retryable = retryable;
        this.breakerFailure = breakerFailure;
    }

    public String operation() {
        return operation;
    }

    /** The HTTP status, or 0 when no response came (I/O error, timeout, open circuit, local rate limit). */
    public int status() {
        return status;
    }

    /**
     * {@code http-4xx}, {@code http-5xx}, {@code rate-limited} (a 429), {@code timeout}, {@code io-error},
     * {@code circuit-open}, {@code rate-held}.
     */
    public String kind() {
        return kind;
    }

    /** The call never left the guardian (open circuit or rate-limit hold): it is safe to try it again later. */
    public boolean notSent() {
        return CIRCUIT_OPEN.equals(kind) || RATE_HELD.equals(kind);
    }

    boolean retryable() {
        return retryable;
    }

    boolean breakerFailure() {
        return breakerFailure;
    }
}
