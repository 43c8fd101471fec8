package dev.dynoguardian.latency;

import java.util.Arrays;

/** Median, leave-one-out median, MAD and lower quartile; pure functions that never modify their input. */
final class RobustStats {

    /** Scales a MAD to estimate the standard deviation of normally distributed data. */
    static final double MAD_TO_SIGMA = 1.4826;

    private RobustStats() {
    }

    /** Median of the values (mean of the middle two for an even count); NaN when empty. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return medianOfSorted(sorted, -1);
    }

    /**
     * Median of {@code sorted} (ascending) leaving out the element at index {@code skip}, or none when
     * {@code skip} is negative; NaN when nothing is left.
     */
    static double medianOfSorted(double[] sorted, int skip) {
        int size = skip < 0 ? sorted.length : sorted.length - 1;
        if (size == 0) {
            return Double.NaN;
        }
        double upper = sorted[index(size / 2, skip)];
        return size % 2 == 1 ? upper : (sorted[index(size / 2 - 1, skip)] + upper) / 2;
    }

    /** Median absolute deviation from {@code centre} of all values but the one at {@code skip}, scaled. */
    static double scaledMad(double[] values, int skip, double centre) {
        double[] deviations = new double[skip < 0 ? values.length : values.length - 1];
        int k = 0;
        for (int i = 0; i < values.length; i++) {
            if (i != skip) {
                deviations[k++] = Math.abs(values[i] - centre);
            }
        }
        return MAD_TO_SIGMA * medianInPlace(deviations);
    }

    /** Median by selection, O(n) on average: reorders {@code values}; NaN when empty. */
    static double medianInPlace(double[] values) {
        int n = values.length;
        if (n == 0) {
            return Double.NaN;
        }
        double upper = select(values, n / 2);
        if (n % 2 == 1) {
            return upper;
        }
        double lower = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n / 2; i++) {
            lower = Math.max(lower, values[i]);
        }
        return (lower + upper) / 2;
    }

    /** Hoare's selection: afterwards {@code values[k]} is the k-th smallest, smaller ones before it, larger after. */
    private static double select(double[] values, int k) {
        int left = 0;
        int right = values.length - 1;
        while (left < right) {
            double pivot = values[(left + right) >>> 1];
            int i = left;
            int j = right;
            while (i <= j) {
                while (values[i] < pivot) {
                    i++;
                }
                while (values[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = values[i];
                    values[i++] = values[j];
                    values[j--] = t;
                }
            }
            if (k <= j) {
                right = j;
            } else if (k >= i) {
                left = i;
            } else {
                return values[k];
            }
        }
        return values[k];
    }

    /** Lower quartile: the value at rank floor((n - 1) / 4) from the bottom; NaN when empty. */
    static double lowerQuartile(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 4];
    }

    private static int index(int rank, int skip) {
        return skip >= 0 && rank >= skip ? rank + 1 : rank;
    }
}
