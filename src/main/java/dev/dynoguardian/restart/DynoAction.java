package dev.dynoguardian.restart;

import java.util.Locale;

/** What is done to a dyno: {@code DELETE /apps/{app}/dynos/{dyno}} or {@code POST .../actions/stop}. */
public enum DynoAction {
    RESTART, STOP;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
