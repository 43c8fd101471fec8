package dev.dynoguardian.rolling;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.validation.annotation.Validated;

/**
 * Rolling restarts ({@code guardian.rolling.*}; an app under {@code guardian.apps} may override each except
 * {@code check-interval}).
 *
 * @param schedule            a Spring cron expression (six fields, seconds first: {@code 0 0 4 * * *} is 04:00 every
 *                            day) for a daily roll in the app's quiet hours; empty (the default): no scheduled roll
 * @param zone                the time zone the schedule is read in
 * @param dynoTypes           the process types rolled; empty (the default): the monitored types
 *                            ({@code guardian.memory.dyno-types})
 * @param deadline            the latest time after its start at which a roll may still restart a dyno; past it the
 *                            roll is abandoned with a notice
 * @param skipYoungerThan     a dyno up for less than this (restarted by anyone: a deploy, the daily cycling, the
 *                            guardian) is fresh already and skipped
 * @param upWithin            a replacement the Platform API does not list {@code up} this long after its restart
 *                            stops the roll
 * @param healthWait          how long the roll waits, once a replacement is up, for the latency guardian to have enough
 *                            of its requests to judge it; past it, a replacement it cannot judge counts as healthy
 * @param errorRateRise       the roll stops when the router error rate of the rolled types rises more than this above
 *                            its rate when the roll started (0.05: five percentage points)
 * @param errorRateRequests   requests the types need in the latency window before their error rate is judged
 * @param checkInterval       how often the roll advances (one instance at a time, guardian-wide)
 */
@Validated
@ConfigurationProperties("guardian.rolling")
public record RollingSettings(
        @DefaultValue("") String schedule,
        @DefaultValue("UTC") String zone,
        @DefaultValue List<String> dynoTypes,
        @DefaultValue("2h") Duration deadline,
        @DefaultValue("12h") Duration skipYoungerThan,
        @DefaultValue("5m") Duration upWithin,
        @DefaultValue("2m") Duration healthWait,
        @DefaultValue("0.05") @DecimalMin("0.0") @DecimalMax("1.0") double errorRateRise,
        @DefaultValue("100") @Min(1) int errorRateRequests,
        @DefaultValue("5s") Duration checkInterval) {

    public RollingSettings {
        if (!schedule.isBlank()) {
            try {
                CronExpression.parse(schedule.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("guardian.rolling.schedule '" + schedule + "' is not a Spring cron"
                        + " expression (six fields, seconds first, e.g. '0 0 4 * * *'): " + e.getMessage());
            }
        }
        try {
            ZoneId.of(zone.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("guardian.rolling.zone '" + zone + "' is not a time zone (e.g. UTC,"
                    + " Europe/Berlin): " + e.getMessage());
        }
        positive("deadline", deadline);
        notNegative("skip-younger-than", skipYoungerThan);
        positive("up-within", upWithin);
        notNegative("health-wait", healthWait);
        positive("check-interval", checkInterval);
        dynoTypes = dynoTypes.stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
    }

    private static void positive(String name, Duration value) {
        if (value.isZero()) {
            throw new IllegalArgumentException("guardian.rolling." + name + " must be positive, not " + value);
        }
        notNegative(name, value);
    }

    private static void notNegative(String name, Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException("guardian.rolling." + name + " must not be negative, not " + value);
        }
    }

    /** The schedule, when one is set. */
    Optional<CronExpression> cron() {
        return schedule.isBlank() ? Optional.empty() : Optional.of(CronExpression.parse(schedule.trim()));
    }

    ZoneId zoneId() {
        return ZoneId.of(zone.trim());
    }
}
