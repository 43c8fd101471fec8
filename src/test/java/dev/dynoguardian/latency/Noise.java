package dev.dynoguardian.latency;

/** Response-time models of the simulated formations. */
enum Noise {

    /** Log-normal: per check a median of 150-300 ms and sigma 0.5-0.8, per dyno a 5 % baseline jitter. */
    LOG_NORMAL,

    /** Log-normal plus 0.5-3 % of requests from a Pareto tail (1 s and up, alpha 1.5), cut at the 30 s H12. */
    HEAVY_TAILED,

    /**
     * Heavy-tailed plus, each with probability 1/2 per check: a burst on one random healthy dyno (5-15 % of
     * its requests 3-10x slower) and a formation-wide load spike (10-30 % of every dyno's requests 1.5-4x slower).
     * In consecutive checks ({@link SequenceSimulator}) they are drawn per minute instead, and come and go.
     */
    BURSTS
}
