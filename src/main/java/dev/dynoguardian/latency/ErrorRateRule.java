package dev.dynoguardian.latency;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Error-rate outliers, after Envoy's success-rate ejection but leave-one-out and robust: a dyno's share
 * of failed requests is compared with the median share of the other dynos. To be an outlier it must beat
 * the floor ({@code minErrorRate}), {@code minRatio} x that median, the median plus {@code errorDeviations}
 * scaled MADs of the others' shares (how much healthy dynos differ), and a counting bar: its error count
 * must stand {@code errorDeviations} deviations above the count the others' median predicts on the
 * square-root scale, where Poisson counts have unit variance ({@code 2 sqrt(x)}), so that a few errors on
 * a quiet dyno are never an outlier. It also needs at least {@code minErrors} errors.
 */
final class ErrorRateRule {

    private ErrorRateRule() {
    }

    /**
     * Per dyno judged on its error rate (up, old enough and with {@code minSamples} requests, timed or not), the error
     * rate it must exceed, by dyno name; NaN where it has fewer than {@code minErrorRequests} requests or too few
     * peers.
     */
    static Map<String, Double> thresholds(List<DynoObservation> candidates, DetectorSettings settings) {
        int[] judged = IntStream.range(0, candidates.size())
                .filter(i -> candidates.get(i).requests() >= settings.minErrorRequests()).toArray();
        Map<String, Double> thresholds = notJudged(candidates);
        if (judged.length < 3) {
            return thresholds;
        }
        double[] rates = Arrays.stream(judged).mapToDouble(i -> candidates.get(i).errorRate()).toArray();
        LeaveOneOut others = new LeaveOneOut(rates);
        for (int k = 0; k < judged.length; k++) {
            DynoObservation dyno = candidates.get(judged[k]);
            double median = others.median(k);
            double expected = median * dyno.requests();
            double countingBar = Math.pow(Math.sqrt(expected) + settings.errorDeviations() / 2, 2) / dyno.requests();
            double spreadBar = median + settings.errorDeviations() * others.scaledMad(k, median);
            double relative = Math.max(settings.minRatio() * median, Math.max(spreadBar, countingBar));
            thresholds.put(dyno.dyno(), Math.max(settings.minErrorRate(), relative));
        }
        return thresholds;
    }

    /** NaN for each candidate: error rates not judged. */
    static Map<String, Double> notJudged(List<DynoObservation> candidates) {
        Map<String, Double> thresholds = new LinkedHashMap<>();
        candidates.forEach(d -> thresholds.put(d.dyno(), Double.NaN));
        return thresholds;
    }

    /** Why the dyno is an error-rate outlier against {@code threshold}, if it is one. */
    static Optional<String> finding(DynoObservation dyno, double threshold, DetectorSettings settings) {
        if (Double.isNaN(threshold) || dyno.dynoErrors() < settings.minErrors() || dyno.errorRate() <= threshold) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "error rate %.1f%% (%d/%d) > %.1f%%",
                100 * dyno.errorRate(), dyno.dynoErrors(), dyno.requests(), 100 * threshold));
    }
}
