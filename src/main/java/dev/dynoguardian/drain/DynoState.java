package dev.dynoguardian.drain;

import java.util.Locale;

/** Heroku's dyno states, as lifecycle lines ({@code State changed from up to starting}) and the Platform API name them. */
public enum DynoState {
    CRASHED, DOWN, IDLE, STARTING, UP;

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The state as Heroku spells it. */
    public String wire() {
        return wire;
    }

    /** Starting, crashed or down: not serving, and counted against the capacity floor. */
    public boolean down() {
        return this == STARTING || this == CRASHED || this == DOWN;
    }

    /** The state Heroku spells {@code text}, or null when it spells none (or is null). */
    public static DynoState of(String text) {
        for (DynoState s : values()) {
            if (s.wire.equals(text)) {
                return s;
            }
        }
        return null;
    }
}
