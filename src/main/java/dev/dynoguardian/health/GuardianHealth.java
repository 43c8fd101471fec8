package dev.dynoguardian.health;

import dev.dynoguardian.heroku.HerokuClient;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health components beside the database's: {@code drain} (DOWN while the guardian is blind for an app) and
 * {@code herokuApi} (DOWN while the circuit breaker is open). Their details, like all details, are for the admin.
 */
@Configuration(proxyBeanMethods = false)
class GuardianHealth {

    @Bean
    HealthIndicator drainHealthIndicator(DrainFreshness freshness) {
        return () -> {
            Map<String, DrainFreshness.Freshness> view;
            try {
                view = freshness.view();
            } catch (RuntimeException e) {
                return Health.unknown().withDetail("error", "cannot read drain freshness: " + e.getClass()
                        .getSimpleName()).build();
            }
            Map<String, Object> apps = new LinkedHashMap<>();
            boolean anyStale = false;
            for (DrainFreshness.Freshness f : view.values()) {
                Map<String, Object> app = new LinkedHashMap<>();
                app.put("lastPlatformLine", f.lastPlatformLine() == null ? "never" : f.lastPlatformLine().toString());
                app.put("status", f.stale() ? "blind" : "fresh");
                apps.put(f.app(), app);
                anyStale |= f.stale();
            }
            return (anyStale ? Health.down() : Health.up()).withDetail("apps", apps).build();
        };
    }

    @Bean
    HealthIndicator herokuApiHealthIndicator(HerokuClient heroku) {
        return () -> {
            HerokuClient.ApiStatus status = heroku.status();
            Health.Builder health = heroku.available() ? Health.up() : Health.down();
            health.withDetail("circuitBreaker", status.circuit())
                    .withDetail("rateLimitRemaining", status.remaining())
                    .withDetail("rateLimitPerPeriod", status.limitForPeriod());
            if (status.lastError() != null) {
                health.withDetail("lastError", status.lastError());
            }
            return health.build();
        };
    }
}
