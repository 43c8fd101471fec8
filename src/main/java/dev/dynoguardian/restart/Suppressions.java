package dev.dynoguardian.restart;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Keeps the ledger to one row per decision rather than one per sample: after a time-bound refusal (window,
 * back-off, flapping, budget) the same dyno's requests are absorbed until the refusal could change, and samples of an
 * incarnation already restarted are absorbed for good. Used only on the policy thread.
 */
@Component
class Suppressions {

    private static final int MAX_INCARNATIONS = 10_000;

    private record Until(Instant until, Rule rule) {
    }

    private final Map<String, Until> dynoUntil = new LinkedHashMap<>();
    private final Map<String, Boolean> incarnations = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_INCARNATIONS;
        }
    };

    /** The rule whose recent decision absorbs this request, if any. */
    Optional<Rule> suppressing(RestartRequest r, Instant now) {
        if (r.incarnation() != null && incarnations.containsKey(incarnationKey(r))) {
            return Optional.of(Rule.INCARNATION);
        }
        Until until = dynoUntil.get(r.app() + "/" + r.dyno());
        return until != null && now.isBefore(until.until()) ? Optional.of(until.rule()) : Optional.empty();
    }

    void remember(RestartRequest r, RuleVerdict v, Instant now) {
        if (v.rule() == Rule.INCARNATION) {
            incarnations.put(incarnationKey(r), Boolean.TRUE);
        } else {
            dynoUntil.put(r.app() + "/" + r.dyno(), new Until(v.retryAt() != null ? v.retryAt() : now.plusSeconds(60),
                    v.rule()));
        }
    }

    /**
     * After an action: absorb the dyno's requests while the restart settles (late lines of the old dyno), and its
     * incarnation for good. The first request after that is decided, so the dyno's relapse is recorded.
     */
    void acted(RestartRequest r, Instant settled) {
        dynoUntil.put(r.app() + "/" + r.dyno(), new Until(settled, Rule.WINDOW));
        if (r.incarnation() != null) {
            incarnations.put(incarnationKey(r), Boolean.TRUE);
        }
    }

    /** The action failed and its window was released: the next evidence must be decided again. */
    void forget(RestartRequest r) {
        dynoUntil.remove(r.app() + "/" + r.dyno());
        if (r.incarnation() != null) {
            incarnations.remove(incarnationKey(r));
        }
    }

    /** An incarnation belongs to its dyno name: a uuid another dyno's lines carry says nothing of this one. */
    private static String incarnationKey(RestartRequest r) {
        return r.app() + "/" + r.dyno() + "/" + r.incarnation();
    }

    void expire(Instant now) {
        for (Iterator<Until> it = dynoUntil.values().iterator(); it.hasNext(); ) {
            if (!now.isBefore(it.next().until())) {
                it.remove();
            }
        }
    }
}
