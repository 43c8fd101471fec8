package dev.dynoguardian.latency;

import java.util.function.ToDoubleFunction;

/** A per-dyno latency statistic taken from a {@link DynoObservation}. */
enum LatencyStatistic {

    /** Mean from the window's sum and count; what the slayer used. Jumps with single multi-second requests. */
    MEAN("mean", DynoObservation::meanMs, 1.0),

    /** Median from the window's histogram. */
    P50("p50", DynoObservation::p50Ms, 1.2533),

    /** Trimmed geometric mean from the window's histogram, see {@link WindowStatistics#trimmedMean}. */
    TRIMMED_MEAN("trimmed-mean", DynoObservation::trimmedMeanMs, 1.03);

    private final String label;
    private final ToDoubleFunction<DynoObservation> extractor;
    private final double standardErrorFactor;

    LatencyStatistic(String label, ToDoubleFunction<DynoObservation> extractor, double standardErrorFactor) {
        this.label = label;
        this.extractor = extractor;
        this.standardErrorFactor = standardErrorFactor;
    }

    /**
     * Standard error of the statistic's logarithm over {@code samples} samples whose logarithms spread
     * {@code logSpread}, for log-normal data (the median's is 1.25 sigma / sqrt(n), the 10 %-trimmed mean's
     * about 1.03 sigma / sqrt(n); the plain mean's is approximate and not used by the ROBUST method).
     */
    double standardError(double logSpread, long samples) {
        return standardErrorFactor * logSpread / Math.sqrt(samples);
    }

    double of(DynoObservation observation) {
        return extractor.applyAsDouble(observation);
    }

    /** Short name used in log lines. */
    String label() {
        return label;
    }
}
