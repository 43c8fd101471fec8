package dev.dynoguardian.restart;

import java.util.Locale;

/** Who asked for an action. */
public enum Trigger {
    MEMORY, LATENCY, OPERATOR;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
