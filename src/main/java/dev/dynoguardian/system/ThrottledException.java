package dev.dynoguardian.system;

import org.springframework.security.core.AuthenticationException;

/** The client failed to authenticate too often: its credentials were not checked; the entry point answers 429. */
final class ThrottledException extends AuthenticationException {

    private final long retryAfterSeconds;

    ThrottledException(long retryAfterSeconds) {
        super("throttled after too many failed authentications");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
