package dev.dynoguardian.latency;

import java.util.Arrays;
import org.HdrHistogram.Histogram;

/** What the live buckets of a {@link DynoWindow} hold together. */
final class WindowTotals {
    final long[] counts = new long[LatencyBins.COUNT];
    double sumMs;
    long requests;
    long errors;

    void add(long ms, boolean error) {
        requests++;
        if (error) {
            errors++;
        }
        if (ms > 0) {
            counts[LatencyBins.of(ms)]++;
            sumMs += ms;
        }
    }

    /**
     * The totals as a histogram. The highest bin goes in first and the others from the lowest up, so that
     * HdrHistogram sets its max and its min once instead of raising the max (an atomic update) for every bin.
     */
    Histogram histogram() {
        Histogram histogram = LatencyBins.newHistogram();
        int highest = counts.length - 1;
        while (highest >= 0 && counts[highest] == 0) {
            highest--;
        }
        if (highest < 0) {
            return histogram;
        }
        int lowest = 0;
        while (counts[lowest] == 0) {
            lowest++;
        }
        LatencyBins.add(histogram, highest, counts[highest]);
        for (int bin = lowest; bin < highest; bin++) {
            if (counts[bin] > 0) {
                LatencyBins.add(histogram, bin, counts[bin]);
            }
        }
        return histogram;
    }

    void reset() {
        Arrays.fill(counts, 0);
        sumMs = 0;
        requests = 0;
        errors = 0;
    }
}
