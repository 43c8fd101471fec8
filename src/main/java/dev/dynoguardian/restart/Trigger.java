package dev.dynoguardian.restart;

import java.util.Locale;

/** Who asked for an action. */
public enum Trigger {
    MEMORY, LATENCY, OPERATOR,
    /**
     * A rolling restart (package {@code rolling}): its own hourly budget, never the emergency one, and always behind
     * the reactive requests of its type in the queue.
     */
    PLANNED;

    /** Whether this trigger reacts to trouble (memory, latency, an operator), as opposed to a planned roll. */
    public boolean reactive() {
        return this != PLANNED;
    }

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
