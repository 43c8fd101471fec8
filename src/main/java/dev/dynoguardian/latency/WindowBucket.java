package dev.dynoguardian.latency;

import java.util.Arrays;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * One time bucket of a {@link DynoWindow}. Its timed requests' bins are listed in {@code listed} until there are
 * more than {@value #LISTED}; from then on they are counted per bin in {@code counts}, which the bucket keeps when
 * reused.
 */
final class WindowBucket {

    /** The most response times a bucket lists before it counts them per bin (4 KB as a list, 5 KB as counts). */
    static final int LISTED = 2048;

    private static final char[] NONE = {};

    long slot;
    double sumMs;
    long requests;
    long errors;
    boolean changed;
    private char[] listed = NONE;
    private int listedCount;
    private int[] counts;

    void add(long ms, boolean error) {
        changed = true;
        requests++;
        if (error) {
            errors++;
        }
        if (ms > 0) {
            count(LatencyBins.of(ms));
            sumMs += ms;
        }
    }

    private void count(int bin) {
        if (counts != null) {
            counts[bin]++;
        } else if (listedCount < listed.length) {
            listed[listedCount++] = (char) bin;
        } else if (listedCount < LISTED) {
            listed = Arrays.copyOf(listed, Math.max(8, listedCount * 2));
            listed[listedCount++] = (char) bin;
        } else {
            counts = new int[LatencyBins.COUNT];
            for (int i = 0; i < listedCount; i++) {
                counts[listed[i]]++;
            }
            counts[bin]++;
            listed = NONE;
            listedCount = 0;
        }
    }

    /** Takes this bucket's content out of {@code total}. */
    void subtractFrom(WindowTotals total) {
        if (counts != null) {
            for (int bin = 0; bin < counts.length; bin++) {
                total.counts[bin] -= counts[bin];
            }
        }
        for (int i = 0; i < listedCount; i++) {
            total.counts[listed[i]]--;
        }
        total.sumMs -= sumMs;
        total.requests -= requests;
        total.errors -= errors;
    }

    /** The bucket's timed requests as a histogram of their own. */
    AbstractHistogram histogram() {
        IntCountsHistogram histogram = new IntCountsHistogram(1, DynoWindow.MAX_MS, 2);
        if (counts != null) {
            for (int bin = 0; bin < counts.length; bin++) {
                if (counts[bin] > 0) {
                    LatencyBins.add(histogram, bin, counts[bin]);
                }
            }
        }
        for (int i = 0; i < listedCount; i++) {
            LatencyBins.add(histogram, listed[i], 1);
        }
        return histogram;
    }

    void reset(long newSlot) {
        slot = newSlot;
        if (counts != null) {
            Arrays.fill(counts, 0);
        }
        listedCount = 0;
        sumMs = 0;
        requests = 0;
        errors = 0;
        changed = false;
    }
}
