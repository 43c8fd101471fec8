package dev.dynoguardian.latency;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Median and scaled MAD of all values but one, for each one in turn; sorts once. */
final class LeaveOneOut {

    private final double[] values;
    private final double[] sorted;
    private final int[] position;

    LeaveOneOut(double[] values) {
        this.values = values.clone();
        int[] order = IntStream.range(0, values.length).boxed()
                .sorted(Comparator.comparingDouble(i -> values[i]))
                .mapToInt(Integer::intValue).toArray();
        this.sorted = Arrays.stream(order).mapToDouble(i -> values[i]).toArray();
        this.position = new int[values.length];
        for (int rank = 0; rank < order.length; rank++) {
            position[order[rank]] = rank;
        }
    }

    /** Median of all values but the one at {@code skip}. */
    double median(int skip) {
        return RobustStats.medianOfSorted(sorted, position[skip]);
    }

    /** Scaled MAD around {@code centre} of all values but the one at {@code skip}. */
    double scaledMad(int skip, double centre) {
        return RobustStats.scaledMad(values, skip, centre);
    }
}
