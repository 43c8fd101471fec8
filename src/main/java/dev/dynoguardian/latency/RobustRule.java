package dev.dynoguardian.latency;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Leave-one-out robust rule. Slowness multiplies response times, so latencies are compared on a log scale:
 * each candidate's statistic is judged against the median of the <em>other</em> candidates' (so neither
 * the judged dyno nor a second outlier moves the bar much) and must beat three bars: {@code minRatio} x
 * that median, the floor, and the median times {@code exp(k x spread)}, k being {@code deviations} raised
 * for larger formations ({@link #deviations(double, int)}). The spread is the largest
 * of the others' scaled MAD of logs (how much healthy dynos differ), the standard error of the comparison
 * (a dyno with few samples has a noisy statistic) and {@link #MIN_LOG_SPREAD}. Error rates are judged by
 * {@link ErrorRateRule}. For the systemic guard it also tells whether each candidate would be slow against
 * the fastest quarter of the candidates (ratio and floor as for the slayer, plus the standard error, not the MAD).
 */
final class RobustRule {

    /**
     * Lower bound of the log spread. Identical peers have a MAD of 0; with {@code deviations} = 4 this puts
     * the deviation bar at exp(0.2) = 1.22 x the median, under the ratio bar, so identical peers leave the
     * ratio and the floor in charge instead of flagging any tiny excess.
     */
    static final double MIN_LOG_SPREAD = 0.05;

    /** Log spread assumed for a dyno whose {@link DynoObservation#logSpread()} is unknown: wide, so cautious. */
    static final double UNKNOWN_LOG_SPREAD = 1.0;

    private RobustRule() {
    }

    /** Each candidate's verdict, by dyno name. */
    static Map<String, LatencyVerdict> judge(List<DynoObservation> candidates, LatencyStatistic statistic,
                                             DetectorSettings settings) {
        int n = candidates.size();
        double[] logs = new double[n];
        double[] logSpreads = new double[n];
        for (int i = 0; i < n; i++) {
            DynoObservation dyno = candidates.get(i);
            logs[i] = Math.log(Math.max(statistic.of(dyno), 1.0));
            logSpreads[i] = Double.isNaN(dyno.logSpread()) ? UNKNOWN_LOG_SPREAD : dyno.logSpread();
        }
        double typicalSpread = RobustStats.median(logSpreads);
        double[] errors = new double[n];
        for (int i = 0; i < n; i++) {
            errors[i] = statistic.standardError(Math.max(logSpreads[i], typicalSpread), candidates.get(i).samples());
        }
        double fastest = RobustStats.lowerQuartile(logs);
        double deviations = deviations(settings.deviations(), n);
        LeaveOneOut others = new LeaveOneOut(logs);
        double squaredErrors = Arrays.stream(errors).map(e -> e * e).sum();
        Map<String, LatencyVerdict> verdicts = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            double centre = others.median(i);
            double comparisonError = comparisonError(errors[i], squaredErrors - errors[i] * errors[i], n - 1);
            double spread = Math.max(Math.max(others.scaledMad(i, centre), MIN_LOG_SPREAD), comparisonError);
            double median = Math.exp(centre);
            double byRatio = settings.minRatio() * median;
            double byDeviation = Math.exp(centre + deviations * spread);
            double threshold = Math.max(Math.max(byRatio, settings.minThresholdMs()), byDeviation);
            double value = statistic.of(candidates.get(i));
            List<String> findings = new ArrayList<>(1);
            if (value > threshold) {
                String bar = threshold == byDeviation
                        ? String.format(Locale.ROOT, "%.2f x log-spread %.2f", deviations, spread)
                        : threshold == byRatio ? String.format(Locale.ROOT, "%.1f x", settings.minRatio()) : "floor";
                findings.add(String.format(Locale.ROOT, "%s %.0f ms > %.0f ms (%s; others' median %.0f ms)",
                        statistic.label(), value, threshold, bar, median));
            }
            double fastBar = Math.max(Math.max(settings.minRatio() * Math.exp(fastest), settings.minThresholdMs()),
                    Math.exp(fastest + deviations * Math.max(comparisonError, MIN_LOG_SPREAD)));
            verdicts.put(candidates.get(i).dyno(), new LatencyVerdict(median, threshold, findings, value > fastBar));
        }
        return verdicts;
    }

    /**
     * The deviations a formation of {@code candidates} dynos needs: {@code deviations} for up to 3, more for
     * larger ones, so that the chance that some healthy dyno crosses the bar by luck in one check stays about
     * what it is for 3 dynos. The normal tail falls like exp(-z^2 / 2), so z^2 grows by 2 ln(candidates / 3).
     */
    static double deviations(double deviations, int candidates) {
        return Math.sqrt(deviations * deviations + 2 * Math.log(Math.max(candidates, 3) / 3.0));
    }

    /**
     * Standard error of (own log statistic - others' median): the dyno's own, combined with the median's,
     * taken as pi/2 x the others' mean squared error over their count (the variance of a sample median).
     */
    private static double comparisonError(double own, double othersSquaredErrors, int others) {
        double medianVariance = Math.PI / 2 * (othersSquaredErrors / others) / others;
        return Math.sqrt(own * own + medianVariance);
    }
}
