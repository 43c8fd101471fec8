package dev.dynoguardian.platformstatus;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code platformStatus}: always UP (neither a Heroku incident nor an unreachable status API is the
 * guardian's own failure); the details say whether the status API answers, each system's level and what is held.
 */
@Component("platformStatusHealthIndicator")
class PlatformStatusHealth implements HealthIndicator {

    private final PlatformStatus status;

    PlatformStatusHealth(PlatformStatus status) {
        this.status = status;
    }

    @Override
    public Health health() {
        PlatformStatus.View v = status.view();
        Health.Builder health = Health.up().withDetail("statusApi", v.state()).withDetail("holdOn", v.holdOn())
                .withDetail("systems", v.systems())
                .withDetail("holding", v.hold() == null ? "nothing" : v.hold().detail());
        if (v.checkedAt() != null) {
            health.withDetail("checkedAt", v.checkedAt().toString());
        }
        if (v.error() != null) {
            health.withDetail("error", v.error() + ": acting as usual");
        }
        return health.build();
    }
}
