package dev.dynoguardian.heroku;

import java.util.function.Predicate;

/**
 * Which failures the {@code heroku} Retry retries: 5xx and timeouts of idempotent calls, and for every call 429 and
 * refused connections (the request never ran). Other 4xx are final. Named in
 * {@code resilience4j.retry.instances.heroku.retry-exception-predicate}.
 */
public class RetryableFailure implements Predicate<Throwable> {

    @Override
    public boolean test(Throwable t) {
        return t instanceof HerokuApiException e && e.retryable();
    }
}
