package dev.dynoguardian.latency;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of {@link OutlierDetector}. Use {@link #defaults()} and the {@code with...} methods.
 *
 * @param method           outlier rule
 * @param minRatio         a dyno must exceed this multiple of the other candidates' median (latency and error rate)
 * @param minThresholdMs   absolute floor: a dyno at or under this statistic is never slow, whatever its peers do;
 *                         set it to what "slow" means for the app
 * @param deviations       ROBUST: a dyno must exceed the others' median by this many spreads on a log scale
 * @param slayerDeviations SLAYER: k in "mean above mean of means + k population standard deviations"
 * @param minDynos         fewer dynos (of the type, and of candidates) than this: HOLD
 * @param minSamples       timed requests a dyno needs to be a candidate
 * @param minUptime        uptime a dyno needs to be a candidate; the caller passes min-uptime + capture window
 * @param minUpFraction    share of the type's dynos that must be up and old enough, else HOLD
 * @param minErrorRate     ROBUST: an error-rate outlier must fail at least this share of its requests
 * @param errorDeviations  ROBUST: and exceed the others' median error rate by this many spreads
 * @param minErrorRequests ROBUST: requests a dyno needs for its error rate to be judged or used as reference
 * @param minErrors        ROBUST: dyno errors an error-rate outlier must have at least
 */
record DetectorSettings(DetectionMethod method, double minRatio, double minThresholdMs, double deviations,
                        double slayerDeviations, int minDynos, int minSamples, Duration minUptime,
                        double minUpFraction, double minErrorRate, double errorDeviations,
                        long minErrorRequests, long minErrors) {

    DetectorSettings {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(minUptime, "minUptime");
        require(minRatio >= 1.0, "minRatio must be >= 1");
        require(minThresholdMs >= 0, "minThresholdMs must be >= 0");
        require(deviations > 0 && slayerDeviations > 0 && errorDeviations > 0, "deviations must be > 0");
        require(minDynos >= 2, "minDynos must be >= 2: a dyno needs others to be compared with");
        require(minSamples >= 1, "minSamples must be >= 1");
        require(!minUptime.isNegative(), "minUptime must be >= 0");
        require(minUpFraction >= 0 && minUpFraction <= 1, "minUpFraction must be in [0, 1]");
        require(minErrorRate >= 0 && minErrorRate <= 1, "minErrorRate must be in [0, 1]");
        require(minErrorRequests >= 1 && minErrors >= 1, "minErrorRequests and minErrors must be >= 1");
    }

    /**
     * ROBUST; ratio 1.5; floor 200 ms; 4 spreads; slayer k = 2; 3 dynos; 32 samples; 3 minutes uptime
     * (60 s + a 120 s window); 80 % up; error rate at least 5 % over at least 100 requests with at least
     * 10 errors and 4 spreads above the others. See {@code docs/latency-detection.md} for why.
     */
    static DetectorSettings defaults() {
        return new DetectorSettings(DetectionMethod.ROBUST, 1.5, 200, 4.0, 2.0, 3, 32,
                Duration.ofSeconds(180), 0.8, 0.05, 4.0, 100, 10);
    }

    DetectorSettings withMethod(DetectionMethod newMethod) {
        return new DetectorSettings(newMethod, minRatio, minThresholdMs, deviations, slayerDeviations, minDynos,
                minSamples, minUptime, minUpFraction, minErrorRate, errorDeviations, minErrorRequests, minErrors);
    }

    DetectorSettings withMinThresholdMs(double newMinThresholdMs) {
        return new DetectorSettings(method, minRatio, newMinThresholdMs, deviations, slayerDeviations, minDynos,
                minSamples, minUptime, minUpFraction, minErrorRate, errorDeviations, minErrorRequests, minErrors);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
