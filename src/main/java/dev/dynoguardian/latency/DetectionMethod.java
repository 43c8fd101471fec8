package dev.dynoguardian.latency;

/** Which outlier rule {@link OutlierDetector} applies; the guards are the same for both. */
enum DetectionMethod {

    /**
     * Leave-one-out and robust: each candidate dyno's latency statistic (and error rate) is judged
     * against the median and MAD of the <em>other</em> candidates only.
     */
    ROBUST,

    /**
     * The old "dyno slayer" rule, kept for comparison: a dyno is slow when its mean exceeds the mean of
     * all candidates' means (itself included) by more than {@code slayerDeviations} population standard
     * deviations and exceeds the floor. No error-rate rule, as in the slayer; the guards, the systemic one
     * included, are those of ROBUST.
     */
    SLAYER
}
