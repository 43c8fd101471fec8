package dev.dynoguardian.latency;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the dynos of one process type that are much slower, or fail much more often, than the others.
 * A pure function of its input: no clock, no randomness, no state. The caller logs
 * {@link Analysis#summary()}, and on {@link Decision#ACT} picks one of {@link Analysis#outliers()}.
 */
final class OutlierDetector {

    /** The statistic the ROBUST method judges; chosen by the simulation in {@code docs/latency-detection.md}. */
    static final LatencyStatistic ROBUST_STATISTIC = LatencyStatistic.TRIMMED_MEAN;

    private OutlierDetector() {
    }

    static Analysis analyze(List<DynoObservation> dynos, DetectorSettings settings) {
        return analyze(dynos, settings, statistic(settings.method()));
    }

    /** The statistic a method judges: the mean for SLAYER, {@link #ROBUST_STATISTIC} for ROBUST. */
    static LatencyStatistic statistic(DetectionMethod method) {
        return method == DetectionMethod.SLAYER ? LatencyStatistic.MEAN : ROBUST_STATISTIC;
    }

    /** As {@link #analyze(List, DetectorSettings)}, judging {@code statistic}; SLAYER always judges the mean. */
    static Analysis analyze(List<DynoObservation> dynos, DetectorSettings settings, LatencyStatistic statistic) {
        LatencyStatistic judged = settings.method() == DetectionMethod.SLAYER ? LatencyStatistic.MEAN : statistic;
        Check check = new Check(dynos, settings, judged);
        int n = dynos.size();
        if (n < settings.minDynos()) {
            return check.unjudged(Decision.HOLD, format("only %d dynos, need at least %d", n, settings.minDynos()));
        }
        long ready = check.ready();
        if (ready < Math.ceil(settings.minUpFraction() * n - 1e-9)) {
            return check.unjudged(Decision.HOLD, format(
                    "deploy or cycling under way: %d of %d dynos up for at least %ds, need %.0f%%",
                    ready, n, settings.minUptime().toSeconds(), 100 * settings.minUpFraction()));
        }
        List<DynoObservation> candidates = check.candidates();
        List<DynoObservation> counted = check.errorCandidates();
        boolean undersampled = 2L * candidates.size() < n;
        boolean slayer = settings.method() == DetectionMethod.SLAYER;
        Map<String, Double> errorThresholds = slayer ? ErrorRateRule.notJudged(counted)
                : ErrorRateRule.thresholds(counted, settings);
        if (candidates.size() < settings.minDynos()) {
            String reason = format("only %d dynos with at least %d samples, need %d",
                    candidates.size(), settings.minSamples(), settings.minDynos());
            Analysis errorsOnly = check.judged(null, errorThresholds, undersampled);
            return errorsOnly.shouldAct() ? errorsOnly : check.unjudged(Decision.HOLD, reason, undersampled);
        }
        Map<String, LatencyVerdict> verdicts = slayer
                ? SlayerRule.judge(candidates, settings)
                : RobustRule.judge(candidates, judged, settings);
        return check.judged(verdicts, errorThresholds, undersampled);
    }

    static String format(String template, Object... args) {
        return String.format(Locale.ROOT, template, args);
    }
}
