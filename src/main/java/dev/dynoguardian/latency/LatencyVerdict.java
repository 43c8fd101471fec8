package dev.dynoguardian.latency;

import java.util.List;

/**
 * How one candidate's latency fared under a rule (error rates are judged by {@link ErrorRateRule}).
 *
 * @param referenceMs        the centre it was compared with (others' median, or the slayer's mean of means)
 * @param thresholdMs        the latency it had to exceed to be slow
 * @param findings           why it is an outlier; empty when it is not
 * @param slowerThanFastest  whether it would be slow judged against the fastest quarter of the candidates instead
 *                           of the others' median: above the floor and {@code minRatio} x the fastest quarter's
 *                           statistic (ROBUST also asks the excess to beat its noise). Counted by the systemic guard
 */
record LatencyVerdict(double referenceMs, double thresholdMs, List<String> findings, boolean slowerThanFastest) {

    LatencyVerdict {
        findings = List.copyOf(findings);
    }
}
