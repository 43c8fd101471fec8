package dev.dynoguardian.latency;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The old slayer's rule: mean of means and population standard deviation over all candidates, the judged
 * dyno included, so one dyno's z-score can never exceed sqrt(n - 1). For the systemic guard it tells, as the
 * ROBUST rule does, whether each candidate's mean is above the floor and {@code minRatio} x the fastest quarter's.
 */
final class SlayerRule {

    private SlayerRule() {
    }

    /** Each candidate's verdict, by dyno name. */
    static Map<String, LatencyVerdict> judge(List<DynoObservation> candidates, DetectorSettings settings) {
        int n = candidates.size();
        double sum = 0;
        for (DynoObservation dyno : candidates) {
            sum += dyno.meanMs();
        }
        double meanOfMeans = sum / n;
        double squares = 0;
        for (DynoObservation dyno : candidates) {
            squares += (dyno.meanMs() - meanOfMeans) * (dyno.meanMs() - meanOfMeans);
        }
        double stdev = Math.sqrt(squares / n);
        double threshold = Math.max(meanOfMeans + settings.slayerDeviations() * stdev, settings.minThresholdMs());
        double fastBar = Math.max(settings.minRatio() * RobustStats.lowerQuartile(
                candidates.stream().mapToDouble(DynoObservation::meanMs).toArray()), settings.minThresholdMs());
        Map<String, LatencyVerdict> verdicts = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            double mean = candidates.get(i).meanMs();
            List<String> findings = new ArrayList<>(1);
            if (mean > threshold) {
                findings.add(String.format(Locale.ROOT,
                        "mean %.0f ms > %.0f ms (mean of means %.0f ms + %.1f x stdev %.0f ms, floor %.0f ms)",
                        mean, threshold, meanOfMeans, settings.slayerDeviations(), stdev, settings.minThresholdMs()));
            }
            verdicts.put(candidates.get(i).dyno(), new LatencyVerdict(meanOfMeans, threshold, findings,
                    mean > fastBar));
        }
        return verdicts;
    }
}
