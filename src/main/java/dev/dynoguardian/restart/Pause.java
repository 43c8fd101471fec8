package dev.dynoguardian.restart;

import java.time.Instant;

/**
 * A pause of the whole guardian ({@code scope = "*"}) or of one app.
 *
 * @param until null for a pause that lasts until resumed
 */
public record Pause(String scope, String reason, String pausedBy, Instant pausedAt, Instant until) {

    public static final String GLOBAL = "*";

    boolean activeAt(Instant now) {
        return until == null || now.isBefore(until);
    }

    public boolean global() {
        return GLOBAL.equals(scope);
    }
}
