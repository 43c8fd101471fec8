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

    /** {@code http-4xx}, {@code http-5xx}, {@code rate-limited}, {@code timeout}, {@code io-error}, {@code circuit-open}. */
    public String kind() {
        return kind;
    }

    boolean retryable() {
        return retryable;
    }

    boolean breakerFailure() {
        return breakerFailure;
    }
}
