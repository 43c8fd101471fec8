package dev.dynoguardian.heroku;

import java.util.function.Predicate;

/**
 * Which failures count against the {@code heroku} circuit breaker: 5xx, 429, timeouts and I/O errors. A 4xx such as
 * 404 is Heroku answering correctly and never opens it. Named in
 * {@code resilience4j.circuitbreaker.instances.heroku.record-failure-predicate}.
 */
public class BreakerFailure implements Predicate<Throwable> {

    @Override
    public boolean test(Throwable t) {
        return t instanceof HerokuApiException e && e.breakerFailure();
    }
}
