package dev.dynoguardian.latency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Why a dyno was acted on, kept to judge later windows by the same measure: its latency (the method's own statistic)
 * against the bar it crossed, and its error rate against the error-rate bar. A queued action is re-checked with it, and
 * the replacement is verified with it.
 *
 * @param statistic          the statistic the method judges ({@code trimmed-mean} for ROBUST, {@code mean} for SLAYER)
 * @param statisticMs        the dyno's statistic when it was judged
 * @param thresholdMs        the bar it had to exceed; NaN when its latency was not judged
 * @param errorRate          its share of requests that failed because of it
 * @param errorRateThreshold the error-rate bar; NaN when its error rate was not judged
 */
record Grounds(LatencyStatistic statistic, double statisticMs, double thresholdMs, double errorRate,
               double errorRateThreshold) {

    static Grounds of(DynoAssessment target, LatencyStatistic statistic) {
        double rate = target.requests() == 0 ? 0 : (double) target.dynoErrors() / target.requests();
        return new Grounds(statistic, target.statisticMs(), target.thresholdMs(), rate, target.errorRateThreshold());
    }

    /** Acted on for its latency. */
    boolean slow() {
        return statisticMs > thresholdMs;
    }

    /** Acted on for its error rate. */
    boolean failing() {
        return errorRate > errorRateThreshold;
    }

    /** How a window of the dyno (or of its replacement) measures against these grounds. */
    Reading read(DynoWindow.Snapshot window, int minSamples) {
        DynoObservation now = WindowStatistics.observe("", window.histogram(), window.sumMs(), window.requests(),
                window.errors(), true, Duration.ZERO);
        Boolean slowNow = slow() && now.samples() >= minSamples ? statistic.of(now) > thresholdMs : null;
        Boolean failingNow = failing() && now.requests() >= minSamples ? now.errorRate() > errorRateThreshold : null;
        List<String> parts = new ArrayList<>(2);
        if (slow()) {
            parts.add(String.format(Locale.ROOT, "%s %s over %d timed requests vs %.0f ms before (bar %.0f ms)",
                    statistic.label(), now.samples() == 0 ? "-" : String.format(Locale.ROOT, "%.0f ms",
                            statistic.of(now)), now.samples(), statisticMs, thresholdMs));
        }
        if (failing()) {
            parts.add(String.format(Locale.ROOT, "error rate %.1f%% (%d/%d) vs %.1f%% before (bar %.1f%%)",
                    100 * now.errorRate(), now.dynoErrors(), now.requests(), 100 * errorRate,
                    100 * errorRateThreshold));
        }
        return new Reading(slowNow, failingNow, String.join("; ", parts));
    }

    /**
     * A window measured against the grounds.
     *
     * @param slow    whether it is still over the latency bar; null when not acted on for latency or too few timed
     *                requests to tell
     * @param failing whether it still fails over the error-rate bar; null when not acted on for errors or too few
     *                requests to tell
     * @param detail  the numbers, now and before, for each ground
     */
    record Reading(Boolean slow, Boolean failing, String detail) {

        /** Still over a bar it was acted on for. */
        boolean standsOut() {
            return Boolean.TRUE.equals(slow) || Boolean.TRUE.equals(failing);
        }

        /** Every ground it was acted on for could be measured. */
        boolean complete(Grounds grounds) {
            return (slow != null || !grounds.slow()) && (failing != null || !grounds.failing());
        }
    }
}
