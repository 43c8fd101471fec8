package dev.dynoguardian.latency;

import java.util.Arrays;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

/**
 * The bins of the windows' HdrHistograms (1 ms to {@link DynoWindow#MAX_MS} at 2 significant digits), numbered from 0
 * and taken from HdrHistogram itself: two response times share a bin exactly when such a histogram counts them
 * together. A window counts its requests per bin in plain arrays and makes a histogram of them only when asked for
 * one; adding each bin's count at the bin's lowest value gives the histogram that recording every request would have
 * given (HdrHistogram reports counts, percentiles, min and max by bin).
 */
final class LatencyBins {

    /** How many bins there are (about 1,260). */
    static final int COUNT;

    /** The bin of each whole millisecond from 0 to {@link DynoWindow#MAX_MS} (0 shares bin 0 with 1). */
    private static final char[] BIN_OF_MS = new char[(int) DynoWindow.MAX_MS + 1];

    /** The lowest value of each bin. */
    private static final long[] LOWEST;

    static {
        Histogram layout = newHistogram();
        long[] lowest = new long[BIN_OF_MS.length];
        int bins = 0;
        for (int ms = 1; ms <= DynoWindow.MAX_MS; ms++) {
            long low = layout.lowestEquivalentValue(ms);
            if (bins == 0 || low != lowest[bins - 1]) {
                lowest[bins++] = low;
            }
            BIN_OF_MS[ms] = (char) (bins - 1);
        }
        COUNT = bins;
        LOWEST = Arrays.copyOf(lowest, bins);
    }

    private LatencyBins() {
    }

    /** An empty histogram of the windows' range and precision. */
    static Histogram newHistogram() {
        return new Histogram(1, DynoWindow.MAX_MS, 2);
    }

    /** The bin of a response time of 1 to {@link DynoWindow#MAX_MS} ms. */
    static int of(long ms) {
        return BIN_OF_MS[(int) ms];
    }

    /** Adds {@code count} requests of bin {@code bin} to a histogram of the windows' range and precision. */
    static void add(AbstractHistogram histogram, int bin, long count) {
        histogram.recordValueWithCount(LOWEST[bin], count);
    }
}
