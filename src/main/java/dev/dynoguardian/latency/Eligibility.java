package dev.dynoguardian.latency;

/** Whether a dyno took part in the comparison, and if not, why not. */
enum Eligibility {

    /** Up, old enough and with enough samples: judged and used as a reference for the others. */
    CANDIDATE,

    /** Not up. */
    DOWN,

    /** Up for less than the minimum uptime (which includes the capture window). */
    TOO_YOUNG,

    /** Fewer samples than the minimum. */
    FEW_SAMPLES
}
