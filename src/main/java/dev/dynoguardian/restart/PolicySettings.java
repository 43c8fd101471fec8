package dev.dynoguardian.restart;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The RestartPolicy's rules ({@code guardian.policy.*}; an app under {@code guardian.apps} may override each).
 *
 * @param window              rule 1: at most one restart of a dyno name per window (default for every type)
 * @param windows             rule 1 per process type (env {@code WEB_RESTART_WINDOW}, seconds)
 * @param flapWindow          rule 2: a dyno that needs restarting again within this time after a restart is
 *                            flapping; each such relapse doubles its window, each quiet flap-window halves it back
 * @param flapLimit           rule 2: after this many consecutive quick relapses the guardian stops restarting the
 *                            dyno ("not helping") until backoff-max has passed since its last restart
 * @param backoffMax          rule 2: the longest window back-off can reach
 * @param maxInFlight         rule 3: restarts under way at once per process type
 * @param settleTime          rule 3: a restart stays in flight until the dyno is {@code up} again or this passes
 * @param maxUnavailable      rule 4: the share of a type's dynos that may be down at once (at least one dyno)
 * @param maxRestartsPerHour  rule 5: per app; over budget means notify, not act
 * @param maxQueue            rule 7: queued requests per app; beyond, requests are skipped and recorded
 * @param queueAlertAfter     rule 7: notify once when a request has waited this long
 * @param minSettle           rule 3: the shortest a restart stays in flight after its API call, whatever
 *                            {@code State changed ... to up} line arrives: an up line anyone can forge never lets the
 *                            next restart of the type begin sooner; at most {@code settleTime} (a longer one is
 *                            cut to it)
 * @param maxPlannedPerHour   rule 5 for rolling restarts (trigger {@code planned}): their own hourly budget per app,
 *                            apart from {@code maxRestartsPerHour}, which they never use up
 */
@Validated
@ConfigurationProperties("guardian.policy")
record PolicySettings(
        @DefaultValue("600s") Duration window,
        @DefaultValue Map<String, Duration> windows,
        @DefaultValue("1h") Duration flapWindow,
        @DefaultValue("4") @Min(1) int flapLimit,
        @DefaultValue("6h") Duration backoffMax,
        @DefaultValue("1") @Min(1) int maxInFlight,
        @DefaultValue("60s") Duration settleTime,
        @DefaultValue("0.25") @DecimalMin("0.0") @DecimalMax("1.0") double maxUnavailable,
        @DefaultValue("10") @Min(0) int maxRestartsPerHour,
        @DefaultValue("100") @Min(1) int maxQueue,
        @DefaultValue("10m") Duration queueAlertAfter,
        @DefaultValue("20s") Duration minSettle,
        @DefaultValue("30") @Min(0) int maxPlannedPerHour) {

    public PolicySettings {
        if (minSettle.isNegative()) {
            throw new IllegalArgumentException("guardian.policy.min-settle must not be negative, not " + minSettle);
        }
        if (minSettle.compareTo(settleTime) > 0) {
            minSettle = settleTime;
        }
    }

    Duration windowFor(String type) {
        return windows.getOrDefault(type, window);
    }
}
