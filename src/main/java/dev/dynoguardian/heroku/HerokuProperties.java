package dev.dynoguardian.heroku;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Heroku Platform API ({@code guardian.heroku.*}). Timeouts are {@code spring.http.serviceclient.heroku.*};
 * retries, circuit breaker and the base rate are the {@code resilience4j.*.instances.heroku} settings.
 *
 * @param apiUrl          base URL (env {@code HEROKU_API_URL})
 * @param apiToken        a Platform API token (env {@code AUTH_TOKEN} or {@code HEROKU_API_KEY})
 * @param lowRemaining    when {@code RateLimit-Remaining} falls below this, calls slow to one per refresh period
 *                        of the rate limiter: Heroku's token bucket is shared with every tool on the account
 * @param retryAfter      how long to hold all calls after a 429 that carries no {@code Retry-After}
 * @param maxWait         the longest a call waits out a 429 hold; during a longer hold nothing is sent and
 *                        restarts wait in the policy's queue until the hold ends
 * @param formationRefresh the shortest time between two on-demand lists of an app's dynos ({@code GET
 *                        /apps/{app}/dynos}), however many unknown names the drain brings
 * @param formationMaxAge  an action needs a list of the app's dynos at most this old: older, it is refreshed first
 */
@Validated
@ConfigurationProperties("guardian.heroku")
public record HerokuProperties(
        @DefaultValue("https://api.heroku.com") String apiUrl,
        String apiToken,
        @DefaultValue("500") @Min(0) int lowRemaining,
        @DefaultValue("60s") Duration retryAfter,
        @DefaultValue("30s") Duration maxWait,
        @DefaultValue("30s") Duration formationRefresh,
        @DefaultValue("5m") Duration formationMaxAge) {

    public HerokuProperties {
        if (formationRefresh.isNegative()) {
            throw new IllegalArgumentException("guardian.heroku.formation-refresh must not be negative, not "
                    + formationRefresh);
        }
        if (formationMaxAge.compareTo(formationRefresh) < 0) {
            throw new IllegalArgumentException("guardian.heroku.formation-max-age (" + formationMaxAge
                    + ") must be at least guardian.heroku.formation-refresh (" + formationRefresh + ")");
        }
    }

    @Override
    public String toString() {
        return "HerokuProperties[apiUrl=" + apiUrl + ", apiToken=" + (apiToken == null ? "unset" : "****") + "]";
    }
}
