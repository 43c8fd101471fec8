package dev.dynoguardian.latency;

import java.util.List;

/**
 * How one candidate fared under a rule.
 *
 * @param referenceMs        the centre it was compared with (others' median, or the slayer's mean of means)
 * @param thresholdMs        the latency it had to exceed to be slow
 * @param errorRateThreshold the error rate it had to exceed; NaN when its error rate was not judged
 * @param findings           why it is an outlier; empty when it is not
 * @param slowerThanFastest  ROBUST: whether it would be slow judged against the fastest quarter of the
 *                           candidates instead of the others' median (counted by the systemic guard)
 */
record Verdict(double referenceMs, double thresholdMs, double errorRateThreshold, List<String> findings,
               boolean slowerThanFastest) {

    Verdict {
        findings = List.copyOf(findings);
    }
}
