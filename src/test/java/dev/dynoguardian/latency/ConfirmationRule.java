package dev.dynoguardian.latency;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The simulation's model of the guardian's confirmation rule ({@code guardian.latency.confirm-checks}): a dyno is
 * acted on only when it is among the outliers of an {@link Decision#ACT} analysis in {@code confirmChecks}
 * consecutive checks of its formation. Per dyno a streak counts those checks; a check that is not ACT (NONE, HOLD,
 * SYSTEMIC), or in which the dyno is not an outlier, resets the dyno's streak to 0. Among the outliers whose streak
 * has reached {@code confirmChecks} one is chosen at random, acted on, and its streak reset. With {@code
 * confirmChecks} = 1 any outlier of a check may be acted on, as without the rule. One instance follows one formation.
 */
final class ConfirmationRule {

    private final int confirmChecks;
    private final SplittableRandom random;
    private final Map<String, Integer> streaks = new HashMap<>();

    /** @param random picks among the confirmed outliers */
    ConfirmationRule(int confirmChecks, SplittableRandom random) {
        if (confirmChecks < 1) {
            throw new IllegalArgumentException("confirmChecks must be at least 1, was " + confirmChecks);
        }
        this.confirmChecks = confirmChecks;
        this.random = random;
    }

    /** Takes the formation's next check into account; returns the dyno acted on, if any. */
    Optional<String> next(Analysis analysis) {
        if (!analysis.shouldAct()) {
            streaks.clear();
            return Optional.empty();
        }
        streaks.keySet().retainAll(analysis.outliers());
        List<String> confirmed = new ArrayList<>();
        for (String dyno : analysis.outliers()) {
            if (streaks.merge(dyno, 1, Integer::sum) >= confirmChecks) {
                confirmed.add(dyno);
            }
        }
        if (confirmed.isEmpty()) {
            return Optional.empty();
        }
        String chosen = confirmed.get(random.nextInt(confirmed.size()));
        streaks.remove(chosen);
        return Optional.of(chosen);
    }

    /** The dyno's current streak: consecutive ACT checks, up to the last one, with it among the outliers. */
    int streak(String dyno) {
        return streaks.getOrDefault(dyno, 0);
    }
}
