package dev.dynoguardian.latency;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The latency guardian ({@code guardian.latency.*}; an app under {@code guardian.apps} may override each except
 * {@code check-interval}). See {@code docs/latency-detection.md} for how the defaults were chosen.
 *
 * @param enabled          false: no latency checks (router lines are still read for status and metrics)
 * @param window           per-dyno sliding window of router timings
 * @param checkInterval    how often the check runs (one instance at a time, guardian-wide)
 * @param dynoTypes        process types checked
 * @param method           {@code robust} (leave-one-out median and MAD) or {@code slayer} (the old rule)
 * @param minRatio         an outlier exceeds the other dynos' median by at least this factor
 * @param minThreshold     and is slower than this, whatever the others do
 * @param deviations       robust: and exceeds the others' median by this many robust spreads (log scale)
 * @param slayerDeviations slayer: k in "mean above the mean of means + k standard deviations"
 * @param minDynos         fewer dynos of the type: no check
 * @param minSamples       timed requests a dyno needs in the window to be judged
 * @param minUptime        a dyno must have been up this long (plus the window) to be judged
 * @param minUpFraction    share of the type's dynos that must be up and old enough, else a deploy or cycling is
 *                         under way and the check holds
 * @param minErrorRate     an error-rate outlier fails at least this share of its requests
 * @param errorDeviations  and exceeds the others' median error rate by this many robust spreads
 * @param minErrorRequests requests a dyno needs for its error rate to be judged
 * @param minErrors        errors an error-rate outlier has at least
 * @param confirmChecks    a dyno is acted on only after being an outlier in this many consecutive checks
 * @param action           {@code restart} ({@code DELETE} the dyno) or {@code stop} (as the slayer did)
 * @param includeConnect   time a request as {@code connect + service} rather than {@code service}
 * @param appLinePattern   optionally also read timings from the app's own lines: a regular expression with named
 *                         groups {@code dyno} and {@code seconds} (the slayer's way); only dynos the platform
 *                         reported are counted
 * @param verifyWithin     how long after an action the replacement may take to gather enough samples to be
 *                         compared with the dyno it replaced
 */
@Validated
@ConfigurationProperties("guardian.latency")
record LatencySettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2m") Duration window,
        @DefaultValue("1m") Duration checkInterval,
        @DefaultValue("web") List<String> dynoTypes,
        @DefaultValue("robust") String method,
        @DefaultValue("1.5") @DecimalMin("1.0") double minRatio,
        @DefaultValue("200ms") Duration minThreshold,
        @DefaultValue("4.0") @DecimalMin("0.1") double deviations,
        @DefaultValue("2.0") @DecimalMin("0.1") double slayerDeviations,
        @DefaultValue("3") @Min(2) int minDynos,
        @DefaultValue("32") @Min(1) int minSamples,
        @DefaultValue("60s") Duration minUptime,
        @DefaultValue("0.8") @DecimalMin("0.0") @DecimalMax("1.0") double minUpFraction,
        @DefaultValue("0.05") @DecimalMin("0.0") @DecimalMax("1.0") double minErrorRate,
        @DefaultValue("4.0") @DecimalMin("0.1") double errorDeviations,
        @DefaultValue("100") @Min(1) long minErrorRequests,
        @DefaultValue("10") @Min(1) long minErrors,
        @DefaultValue("2") @Min(1) int confirmChecks,
        @DefaultValue("restart") String action,
        @DefaultValue("false") boolean includeConnect,
        String appLinePattern,
        @DefaultValue("15m") Duration verifyWithin) {

    public LatencySettings {
        positive(window, "window");
        positive(checkInterval, "check-interval");
        notNegative(minThreshold, "min-threshold");
        notNegative(minUptime, "min-uptime");
        positive(verifyWithin, "verify-within");
        if (dynoTypes.isEmpty() || dynoTypes.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("guardian.latency.dyno-types must name process types, not " + dynoTypes);
        }
        if (!List.of("robust", "slayer").contains(method.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("guardian.latency.method must be robust or slayer, not " + method);
        }
        if (!List.of("restart", "stop").contains(action.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("guardian.latency.action must be restart or stop, not " + action);
        }
        if (appLinePattern != null && !appLinePattern.isBlank()) {
            Pattern.compile(appLinePattern);
            if (!appLinePattern.contains("(?<dyno>") || !appLinePattern.contains("(?<seconds>")) {
                throw new IllegalArgumentException("guardian.latency.app-line-pattern needs named groups dyno and"
                        + " seconds");
            }
        }
    }

    private static void positive(Duration value, String property) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("guardian.latency." + property + " must be positive, not " + value);
        }
    }

    private static void notNegative(Duration value, String property) {
        if (value.isNegative()) {
            throw new IllegalArgumentException("guardian.latency." + property + " must not be negative, not " + value);
        }
    }

    boolean checks(String type) {
        return dynoTypes.stream().anyMatch(t -> t.trim().toLowerCase(Locale.ROOT).equals(type));
    }

    boolean stops() {
        return "stop".equalsIgnoreCase(action);
    }

    Pattern compiledAppLinePattern() {
        return appLinePattern == null || appLinePattern.isBlank() ? null : Pattern.compile(appLinePattern);
    }

    DetectorSettings detector() {
        DetectionMethod m = "slayer".equalsIgnoreCase(method) ? DetectionMethod.SLAYER : DetectionMethod.ROBUST;
        return new DetectorSettings(m, minRatio, minThreshold.toMillis(), deviations, slayerDeviations, minDynos,
                minSamples, minUptime.plus(window), minUpFraction, minErrorRate, errorDeviations, minErrorRequests,
                minErrors);
    }
}
