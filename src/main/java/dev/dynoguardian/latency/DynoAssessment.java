package dev.dynoguardian.latency;

import java.util.List;
import java.util.Locale;

/**
 * One dyno's part in a check: its numbers, whether it was judged, the bar it was judged against and why
 * it is an outlier. Threshold fields are NaN for dynos that were not judged.
 *
 * @param statisticMs        the method's latency statistic (NaN without samples)
 * @param referenceMs        the centre it was compared with
 * @param thresholdMs        the latency it had to exceed to be slow (NaN when its latency was not judged)
 * @param errorRateThreshold the error rate it had to exceed (NaN when its error rate was not judged)
 * @param findings           why it is an outlier; empty when it is not
 */
record DynoAssessment(String dyno, Eligibility eligibility, long samples, double statisticMs, double referenceMs,
                      double thresholdMs, long requests, long dynoErrors, double errorRateThreshold,
                      List<String> findings) {

    DynoAssessment {
        findings = List.copyOf(findings);
    }

    /**
     * A judged dyno: a {@link Eligibility#CANDIDATE} with its latency {@code verdict}, or an
     * {@link Eligibility#ERROR_RATE_ONLY} dyno (no verdict) judged on its error rate only.
     */
    static DynoAssessment judged(DynoObservation dyno, Eligibility eligibility, double statisticMs, LatencyVerdict verdict,
                                 double errorRateThreshold, List<String> findings) {
        double referenceMs = verdict == null ? Double.NaN : verdict.referenceMs();
        double thresholdMs = verdict == null ? Double.NaN : verdict.thresholdMs();
        return new DynoAssessment(dyno.dyno(), eligibility, dyno.samples(), statisticMs, referenceMs, thresholdMs,
                dyno.requests(), dyno.dynoErrors(), errorRateThreshold, findings);
    }

    static DynoAssessment notJudged(DynoObservation dyno, Eligibility eligibility, double statisticMs) {
        return new DynoAssessment(dyno.dyno(), eligibility, dyno.samples(), statisticMs, Double.NaN, Double.NaN,
                dyno.requests(), dyno.dynoErrors(), Double.NaN, List.of());
    }

    boolean outlier() {
        return !findings.isEmpty();
    }

    /** Compact form for a log line, e.g. {@code web.3 412>231ms n=790 err=1/800 OUTLIER}. */
    String compact() {
        String errors = " err=" + dynoErrors + "/" + requests;
        if (Double.isNaN(thresholdMs)) {
            String stat = Double.isNaN(statisticMs) ? "-" : String.format(Locale.ROOT, "%.0fms", statisticMs);
            return dyno + " " + stat + " n=" + samples + errors + " " + eligibility.name().toLowerCase(Locale.ROOT)
                    + (outlier() ? " OUTLIER" : "");
        }
        return String.format(Locale.ROOT, "%s %.0f%s%.0fms n=%d%s%s", dyno, statisticMs,
                statisticMs > thresholdMs ? ">" : "<=", thresholdMs, samples, errors, outlier() ? " OUTLIER" : "");
    }
}
