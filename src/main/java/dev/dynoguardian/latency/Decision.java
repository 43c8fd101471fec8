package dev.dynoguardian.latency;

/** What a check concluded; only {@link #ACT} asks the caller to do anything. */
enum Decision {

    /** At least one outlier: the caller may act on one of {@link Analysis#outliers()}. */
    ACT,

    /** Checked and nothing stands out. */
    NONE,

    /** A guard failed (too few dynos, deploy or cycling under way, too few samples): not judged. */
    HOLD,

    /** Most of the formation is slow at once: load or a dependency, not one dyno. No action. */
    SYSTEMIC
}
