package dev.dynoguardian.heroku;

import io.github.resilience4j.ratelimiter.RateLimiter;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Keeps the guardian polite with Heroku's shared token bucket (4,500 requests per hour per account): reads
 * {@code RateLimit-Remaining} from every response and slows the shared rate limiter to one call per period while it
 * is low, and holds every call after a 429 for {@code Retry-After} (or {@code guardian.heroku.retry-after}).
 */
class RateGovernor implements ClientHttpRequestInterceptor {

    private final RateLimiter limiter;
    private final int normalLimit;
    private final Clock clock;
    private final HerokuProperties properties;
    private volatile long blockedUntil;
    private volatile int remaining = -1;

    RateGovernor(RateLimiter limiter, Clock clock, HerokuProperties properties) {
        this.limiter = limiter;
        this.normalLimit = limiter.getRateLimiterConfig().getLimitForPeriod();
        this.clock = clock;
        this.properties = properties;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        ClientHttpResponse response = execution.execute(request, body);
        observe(response.getStatusCode().value(), response.getHeaders());
        return response;
    }

    void observe(int status, HttpHeaders headers) {
        String left = headers.getFirst("RateLimit-Remaining");
        if (left != null && left.trim().matches("\\d{1,9}")) {
            remaining = Integer.parseInt(left.trim());
            int wanted = remaining < properties.lowRemaining() ? 1 : normalLimit;
            if (limiter.getRateLimiterConfig().getLimitForPeriod() != wanted) {
                limiter.changeLimitForPeriod(wanted);
            }
        }
        if (status == 429) {
            blockedUntil = clock.millis() + retryAfter(headers.getFirst(HttpHeaders.RETRY_AFTER)).toMillis();
        }
    }

    /** True while a 429 hold lasts longer than max-wait: a call made now would not be sent. */
    boolean holding() {
        return blockedUntil - clock.millis() > properties.maxWait().toMillis();
    }

    /**
     * Waits out a 429 hold up to max-wait; a longer hold refuses the call unsent ({@code rate-held}), so the caller
     * can queue it rather than count it as failed.
     */
    void awaitClearance(String operation) {
        long wait = blockedUntil - clock.millis();
        if (wait <= 0) {
            return;
        }
        if (wait > properties.maxWait().toMillis()) {
            throw new HerokuApiException(operation, 0, FailureKind.RATE_HELD, "not sent: Heroku asked to wait,"
                    + " calls are held for another " + Duration.ofMillis(wait).toSeconds() + "s after a 429", false,
                    false);
        }
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HerokuApiException(operation, 0, FailureKind.INTERRUPTED, "interrupted while rate limited", false,
                    false);
        }
    }

    /** The calls the rate limiter lets through per refresh period now (lowered while remaining is low). */
    int limitForPeriod() {
        return limiter.getRateLimiterConfig().getLimitForPeriod();
    }

    /** The last {@code RateLimit-Remaining} seen, or -1 before the first response. */
    int remaining() {
        return remaining;
    }

    private Duration retryAfter(String header) {
        if (header != null && header.trim().matches("\\d{1,6}")) {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        }
        return properties.retryAfter();
    }
}
