package dev.dynoguardian.latency;

/** Whether a dyno took part in the comparison, and if not, why not. */
enum Eligibility {

    /** Up, old enough, with enough timed requests: judged (latency and error rate), a reference for the others. */
    CANDIDATE,

    /** Not up. */
    DOWN,

    /** Up for less than the minimum uptime (which includes the capture window). */
    TOO_YOUNG,

    /**
     * Fewer timed requests than the minimum, but at least that many requests in all (timed ones and the router errors
     * that point at the dyno): its latency is not judged, its error rate is. A dyno that answers only with errors
     * (H12, H13, H19, H21) is judged this way.
     */
    ERROR_RATE_ONLY,

    /** Fewer requests than the minimum, timed or not. */
    FEW_SAMPLES;

    /** Up and old enough, whether or not it had enough requests to be judged. */
    boolean ready() {
        return this == CANDIDATE || this == ERROR_RATE_ONLY || this == FEW_SAMPLES;
    }
}
