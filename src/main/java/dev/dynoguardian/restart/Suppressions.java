package dev.dynoguardian.restart;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the ledger to one row per decision rather than one per sample: after a time-bound refusal (window,
 * back-off, flapping, budget) the same dyno's requests are absorbed until the refusal could change, and samples of an
 * incarnation already restarted are absorbed for good. Used only on the policy thread.
 */
final class Suppressions {

    private static final int MAX_INCARNATIONS = 10_000;

    private final Map<String, Instant> dynoUntil = new LinkedHashMap<>();
    private final Map<String, Boolean> incarnations = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_INCARNATIONS;
        }
    };

    boolean suppressed(RestartRequest r, Instant now) {
        if (r.incarnation() != null && incarnations.containsKey(r.app() + "/" + r.incarnation())) {
            return true;
        }
        Instant until = dynoUntil.get(r.app() + "/" + r.dyno());
        return until != null && now.isBefore(until);
    }

    void remember(RestartRequest r, Verdict v, Instant now) {
        if (v.rule() == Rule.INCARNATION) {
            incarnations.put(r.app() + "/" + r.incarnation(), Boolean.TRUE);
        } else if (v.retryAt() != null) {
            dynoUntil.put(r.app() + "/" + r.dyno(), v.retryAt());
        } else {
            dynoUntil.put(r.app() + "/" + r.dyno(), now.plusSeconds(60));
        }
    }

    /**
     * After an action: absorb the dyno's requests while the restart settles (late lines of the old dyno), and its
     * incarnation for good. The first request after that is decided, so the dyno's relapse is recorded.
     */
    void acted(RestartRequest r, Instant settled) {
        dynoUntil.put(r.app() + "/" + r.dyno(), settled);
        if (r.incarnation() != null) {
            incarnations.put(r.app() + "/" + r.incarnation(), Boolean.TRUE);
        }
    }

    /** The action failed and its window was released: the next evidence must be decided again. */
    void forget(RestartRequest r) {
        dynoUntil.remove(r.app() + "/" + r.dyno());
        if (r.incarnation() != null) {
            incarnations.remove(r.app() + "/" + r.incarnation());
        }
    }

    void expire(Instant now) {
        for (Iterator<Instant> it = dynoUntil.values().iterator(); it.hasNext(); ) {
            if (!now.isBefore(it.next())) {
                it.remove();
            }
        }
    }
}
