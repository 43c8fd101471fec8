package dev.dynoguardian.restart;

import java.util.Locale;

/** How a decision ended, as the ledger records it. */
public enum Outcome {
    /** Decided to act; the API call is under way (counts against the budget). */
    PENDING,
    RESTARTED,
    STOPPED,
    /** Waiting for a slot (one at a time, capacity floor), for a resume, or for the Heroku API to recover. */
    QUEUED,
    /** Not acted on; the rule and detail say why. */
    SKIPPED,
    /**
     * The API call failed after retries; the dyno's window was released so fresh evidence tries again (the call still
     * counts against the budget).
     */
    FAILED,
    /** {@code guardian.dry-run=true}: would have acted; no API call, no budget spent. */
    DRY_RUN,
    /**
     * The instance stopped while the API call was under way, so nobody knows whether Heroku acted: the dyno may have
     * been restarted. Its window and incarnation stay reserved (unlike {@link #FAILED}) and it counts against the
     * budget.
     */
    UNKNOWN;

    /**
     * Whether an entry with this outcome tag means the dyno was, or may have been, replaced (restarted, stopped, under
     * way or of unknown outcome): its newest samples are then its predecessor's until a new one arrives.
     */
    public static boolean mayHaveReplaced(String tag) {
        return RESTARTED.tag().equals(tag) || STOPPED.tag().equals(tag) || PENDING.tag().equals(tag)
                || UNKNOWN.tag().equals(tag);
    }

    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The outcome of a ledger row's tag ({@link #tag()}). */
    public static Outcome of(String tag) {
        return valueOf(tag.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
