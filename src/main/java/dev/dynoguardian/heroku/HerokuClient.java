package dev.dynoguardian.heroku;

import dev.dynoguardian.drain.DynoName;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.decorators.Decorators;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

/**
 * The only way into the Heroku Platform API. Every call passes the shared rate limiter (innermost), a circuit
 * breaker, then the retry (outermost), composed explicitly; failures come out as {@link HerokuApiException}. Lists of
 * dynos have a circuit breaker of their own ({@code heroku-list}, configured like {@code heroku}): how often they are
 * asked for depends on drain input, and their answers must neither hold open nor dilute the breaker that guards
 * restarts and stops.
 */
@Component
public class HerokuClient {

    private static final int MAX_PAGES = 50;

    private final HerokuPlatformApi api;
    private final RateLimiter limiter;
    private final CircuitBreaker breaker;
    private final CircuitBreaker listBreaker;
    private final Retry retry;
    private final RateGovernor governor;
    private final MeterRegistry meters;
    private final Duration longestCall;
    private volatile HerokuApiException lastError;

    HerokuClient(HerokuPlatformApi api, RateLimiterRegistry limiters, CircuitBreakerRegistry breakers,
                 RetryRegistry retries, RateGovernor governor, MeterRegistry meters, HerokuProperties properties,
                 @Value("${spring.http.serviceclient.heroku.connect-timeout}") Duration connectTimeout,
                 @Value("${spring.http.serviceclient.heroku.read-timeout}") Duration readTimeout) {
        this.api = api;
        this.limiter = limiters.rateLimiter(HerokuConfig.GROUP);
        this.breaker = breakers.circuitBreaker(HerokuConfig.GROUP);
        this.listBreaker = breakers.circuitBreaker(HerokuConfig.GROUP + "-list", breaker.getCircuitBreakerConfig());
        this.retry = retries.retry(HerokuConfig.GROUP);
        this.governor = governor;
        this.meters = meters;
        this.longestCall = longestCall(properties.maxWait().plus(connectTimeout).plus(readTimeout));
        meters.gauge("guardian.heroku.rate.limit.remaining", governor, RateGovernor::remaining);
    }

    /**
     * {@code DELETE /apps/{app}/dynos/{dyno}}: restarts one dyno. Idempotent, so retried. Refuses (without a call) a
     * name that is not one dyno: the same path with a process type restarts every dyno of the type.
     */
    public void restartDyno(String app, String dyno) {
        requireOneDyno(dyno);
        call("restart-dyno", true, breaker, () -> api.restartDyno(app, dyno));
    }

    /** {@code POST /apps/{app}/dynos/{dyno}/actions/stop}: not idempotent, so only retried when it never ran. */
    public void stopDyno(String app, String dyno) {
        requireOneDyno(dyno);
        call("stop-dyno", false, breaker, () -> api.stopDyno(app, dyno));
    }

    private static void requireOneDyno(String dyno) {
        if (!DynoName.isDyno(dyno)) {
            throw new IllegalArgumentException("refusing to call the Platform API for '" + dyno + "': not one dyno");
        }
    }

    /** {@code GET /apps/{app}/dynos}, following {@code Next-Range} while Heroku answers 206. */
    public List<HerokuDyno> listDynos(String app) {
        List<HerokuDyno> all = new ArrayList<>();
        String range = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String current = range;
            ResponseEntity<List<HerokuDyno>> response = call("list-dynos", true, listBreaker,
                    () -> api.listDynos(app, current));
            if (response.getBody() != null) {
                all.addAll(response.getBody());
            }
            range = response.getHeaders().getFirst("Next-Range");
            if (response.getStatusCode().value() != HttpStatus.PARTIAL_CONTENT.value() || range == null) {
                break;
            }
        }
        return all;
    }

    /** False while the circuit breaker is open: calls would fail at once. */
    public boolean available() {
        CircuitBreaker.State state = breaker.getState();
        return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
    }

    /** True while Heroku's 429 holds calls for longer than {@code guardian.heroku.max-wait}: a call would not be sent. */
    public boolean rateHeld() {
        return governor.holding();
    }

    /**
     * The longest one call can take with every attempt of the retry (each waiting for the rate limiter and a 429
     * hold, then connecting and reading to their timeouts) and the waits between them.
     */
    public Duration longestCall() {
        return longestCall;
    }

    /** The client's state for health checks and the admin status; the last error is the last one Heroku gave. */
    public ApiStatus status() {
        HerokuApiException error = lastError;
        return new ApiStatus(breaker.getState().name().toLowerCase(java.util.Locale.ROOT), governor.remaining(),
                governor.limitForPeriod(), error == null ? null : error.getMessage());
    }

    /**
     * @param circuit        the circuit breaker state ({@code closed}, {@code open}, {@code half_open})
     * @param remaining      the last {@code RateLimit-Remaining} seen, -1 before any call
     * @param limitForPeriod the calls the rate limiter admits per refresh period now (1 while remaining is low)
     * @param lastError      the last failure, or null
     */
    public record ApiStatus(String circuit, int remaining, int limitForPeriod, String lastError) {
    }

    private Duration longestCall(Duration attemptBeyondLimiter) {
        int attempts = retry.getRetryConfig().getMaxAttempts();
        Duration attempt = limiter.getRateLimiterConfig().getTimeoutDuration().plus(attemptBeyondLimiter);
        Duration total = attempt.multipliedBy(attempts);
        for (int i = 1; i < attempts; i++) {
            total = total.plusMillis(retry.getRetryConfig().<Object>getIntervalBiFunction()
                    .apply(i, Either.left(new IllegalStateException("bound"))));
        }
        return total;
    }

    private <T> T call(String operation, boolean idempotent, CircuitBreaker circuit, Supplier<T> raw) {
        Supplier<T> attempt = () -> timed(operation, idempotent, raw);
        Supplier<T> decorated = Decorators.ofSupplier(attempt)
                .withRateLimiter(limiter)
                .withCircuitBreaker(circuit)
                .withRetry(retry)
                .decorate();
        try {
            T result = decorated.get();
            lastError = null;
            return result;
        } catch (CallNotPermittedException e) {
            throw new HerokuApiException(operation, 0, FailureKind.CIRCUIT_OPEN,
                    "the Heroku API circuit breaker is open after repeated failures", false, false);
        } catch (RequestNotPermitted e) {
            throw new HerokuApiException(operation, 0, FailureKind.RATE_HELD,
                    "not sent: the guardian's own Heroku rate limit was not free in time", false, false);
        }
    }

    private <T> T timed(String operation, boolean idempotent, Supplier<T> raw) {
        governor.awaitClearance(operation);
        Timer.Sample sample = Timer.start(meters);
        String status = FailureKind.IO_ERROR.tag();
        try {
            T result = raw.get();
            status = result instanceof ResponseEntity<?> r ? String.valueOf(r.getStatusCode().value()) : "200";
            return result;
        } catch (RestClientException e) {
            HerokuApiException failure = HerokuFailures.translate(operation, idempotent, e);
            status = failure.status() > 0 ? String.valueOf(failure.status()) : failure.kind().tag();
            lastError = failure;
            throw failure;
        } finally {
            sample.stop(meters.timer("guardian.heroku.api.calls", "operation", operation, "status", status));
        }
    }
}
