package dev.dynoguardian.heroku;

/**
 * A failed Platform API call, classified for retries and the circuit breaker.
 *
 * @see RetryableFailure
 * @see BreakerFailure
 */
public class HerokuApiException extends RuntimeException {

    private final String operation;
    private final int status;
    private final FailureKind kind;
    private final boolean retryable;
    private final boolean breakerFailure;

    HerokuApiException(String operation, int status, FailureKind kind, String message, boolean retryable,
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

    public FailureKind kind() {
        return kind;
    }

    /** The call never left the guardian (open circuit or rate-limit hold): it is safe to try it again later. */
    public boolean notSent() {
        return kind.notSent();
    }

    boolean retryable() {
        return retryable;
    }

    boolean breakerFailure() {
        return breakerFailure;
    }
}
