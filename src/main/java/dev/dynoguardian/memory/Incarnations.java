package dev.dynoguardian.memory;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The incarnations one dyno name has had. With preboot, a deploy's old dynos keep logging for about three minutes
 * under the same names as their successors: a sample of a retired incarnation must never restart the new one, and an
 * R14 line, which carries no incarnation, cannot be told apart while both run. Not thread-safe; guarded by
 * {@link DynoMemory}.
 */
final class Incarnations {

    private static final int KEEP_RETIRED = 8;

    private String current;
    private long currentSince;
    private final Set<String> retired = new LinkedHashSet<>();

    /** Takes a sample's incarnation; false when it belongs to an incarnation already replaced. */
    boolean accept(String incarnation, long at) {
        if (incarnation == null || incarnation.equals(current)) {
            return true;
        }
        if (retired.contains(incarnation)) {
            return false;
        }
        if (current != null) {
            retired.add(current);
            if (retired.size() > KEEP_RETIRED) {
                retired.remove(retired.iterator().next());
            }
        }
        current = incarnation;
        currentSince = at;
        return true;
    }

    String current() {
        return current;
    }

    /** True within {@code graceMillis} after a new incarnation replaced an earlier one. */
    boolean replacedWithin(long now, long graceMillis) {
        return !retired.isEmpty() && now - currentSince < graceMillis;
    }
}
