package dev.dynoguardian.memory;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The memory guardian ({@code guardian.memory.*}; an app under {@code guardian.apps} may override each).
 *
 * @param enabled         false stops memory restarts (samples are still tracked for status and metrics)
 * @param dynoTypes       monitored process types (env {@code DYNO_TYPES}, comma-separated)
 * @param thresholds      per type, restart when {@code memory_total} exceeds it: MB ({@code 1024}) or a share of
 *                        the quota ({@code 90%}); env {@code WEB_RESTART_THRESHOLD} etc.; default the quota itself
 * @param restartOnR14    restart when the platform reports R14 for the dyno
 * @param restartOnR15    restart when the platform reports R15 for the dyno
 * @param maxSampleAge    samples or errors whose own timestamp is older than this when they arrive are too stale to
 *                        act on (a late redelivery must not restart a dyno that has since been replaced)
 * @param evidenceTtl     how long an R14/R15 counts as current evidence when a queued restart is re-checked
 * @param prebootGrace    after a dyno name reports a new incarnation, its R14/R15 lines (which name no incarnation)
 *                        are not acted on for this long: with preboot the replaced dyno keeps logging under the same
 *                        name; samples, which name their incarnation, still act
 */
@Validated
@ConfigurationProperties("guardian.memory")
record MemorySettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("web") List<String> dynoTypes,
        @DefaultValue Map<String, MemoryThreshold> thresholds,
        @DefaultValue("true") boolean restartOnR14,
        @DefaultValue("true") boolean restartOnR15,
        @DefaultValue("5m") Duration maxSampleAge,
        @DefaultValue("2m") Duration evidenceTtl,
        @DefaultValue("3m") Duration prebootGrace) {

    boolean monitors(String type) {
        return dynoTypes.stream().anyMatch(t -> t.trim().toLowerCase(Locale.ROOT).equals(type));
    }

    MemoryThreshold thresholdFor(String type) {
        return thresholds.getOrDefault(type, MemoryThreshold.QUOTA);
    }
}
