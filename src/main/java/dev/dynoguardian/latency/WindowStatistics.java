package dev.dynoguardian.latency;

import java.time.Duration;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Derives a {@link DynoObservation} from what a capture window keeps per dyno: the count and sum of the
 * response times in milliseconds and an HdrHistogram of them (2 significant digits are plenty).
 */
final class WindowStatistics {

    /** Share of samples cut from each end by {@link #trimmedMean(AbstractHistogram)}. */
    static final double TRIM = 0.10;

    /** Inter-quartile range of a normal distribution, in standard deviations. */
    static final double IQR_TO_SIGMA = 1.349;

    private WindowStatistics() {
    }

    /**
     * The observation of one dyno from its window.
     *
     * @param histogram response times in ms; its total count is the number of samples
     * @param sumMs     exact sum of the recorded response times in ms (the mean is taken from it, not the histogram)
     */
    static DynoObservation observe(String dyno, AbstractHistogram histogram, double sumMs, long requests,
                                   long dynoErrors, boolean up, Duration uptime) {
        long samples = histogram.getTotalCount();
        if (samples == 0) {
            return new DynoObservation(dyno, 0, Double.NaN, Double.NaN, Double.NaN, requests, dynoErrors, up, uptime);
        }
        return new DynoObservation(dyno, samples, sumMs / samples, histogram.getValueAtPercentile(50),
                trimmedMean(histogram), logSpread(histogram), requests, dynoErrors, up, uptime);
    }

    /** Robust standard deviation of ln(ms): (ln p75 - ln p25) / 1.349, values under 1 ms counted as 1 ms. */
    static double logSpread(AbstractHistogram histogram) {
        double p25 = Math.max(1, histogram.getValueAtPercentile(25));
        double p75 = Math.max(1, histogram.getValueAtPercentile(75));
        return (Math.log(p75) - Math.log(p25)) / IQR_TO_SIGMA;
    }

    /** Trimmed geometric mean cutting {@link #TRIM} of the samples from each end. */
    static double trimmedMean(AbstractHistogram histogram) {
        return trimmedMean(histogram, TRIM);
    }

    /**
     * Geometric mean of the samples left after cutting {@code floor(trim * count)} of the lowest and as
     * many of the highest: exp of the mean of ln(ms), each sample counted at its histogram bucket's median
     * equivalent value and values under 1 ms as 1 ms. Slowness multiplies response times, so it shifts this
     * statistic by exactly its factor, while the trim keeps a few multi-second requests out; NaN when empty.
     */
    static double trimmedMean(AbstractHistogram histogram, double trim) {
        if (trim < 0 || trim >= 0.5) {
            throw new IllegalArgumentException("trim must be in [0, 0.5)");
        }
        long count = histogram.getTotalCount();
        long cut = (long) Math.floor(trim * count);
        long from = cut;
        long to = count - cut;
        if (to <= from) {
            return Double.NaN;
        }
        double sum = 0;
        long rank = 0;
        for (HistogramIterationValue bucket : histogram.recordedValues()) {
            long next = rank + bucket.getCountAtValueIteratedTo();
            long kept = Math.min(next, to) - Math.max(rank, from);
            if (kept > 0) {
                long value = histogram.medianEquivalentValue(bucket.getValueIteratedTo());
                sum += kept * Math.log(Math.max(1, value));
            }
            rank = next;
            if (rank >= to) {
                break;
            }
        }
        return Math.exp(sum / (to - from));
    }
}
