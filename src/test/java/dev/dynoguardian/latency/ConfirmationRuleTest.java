package dev.dynoguardian.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The simulation's model of {@code guardian.latency.confirm-checks} follows the rule as specified. */
class ConfirmationRuleTest {

    private final ConfirmationRule twice = new ConfirmationRule(2, new SplittableRandom(1));

    @Test
    void actsOnlyOnTheSecondConsecutiveActCheckAndThenStartsOver() {
        assertThat(twice.next(act("web.1"))).isEmpty();
        assertThat(twice.next(act("web.1"))).contains("web.1");
        assertThat(twice.streak("web.1")).isZero();
        assertThat(twice.next(act("web.1"))).isEmpty();
        assertThat(twice.next(act("web.1"))).contains("web.1");
    }

    @Test
    void aCheckThatDoesNotActResetsEveryStreak() {
        for (Decision decision : List.of(Decision.NONE, Decision.HOLD, Decision.SYSTEMIC)) {
            assertThat(twice.next(act("web.1", "web.2"))).isEmpty();
            assertThat(twice.next(analysis(decision))).isEmpty();
            assertThat(twice.streak("web.1")).isZero();
            assertThat(twice.next(act("web.1", "web.2"))).as("after %s", decision).isEmpty();
            twice.next(analysis(Decision.NONE));
        }
    }

    @Test
    void aCheckInWhichTheDynoIsNoOutlierResetsItsStreak() {
        assertThat(twice.next(act("web.1"))).isEmpty();
        assertThat(twice.next(act("web.2"))).isEmpty();
        assertThat(twice.streak("web.1")).isZero();
        assertThat(twice.next(act("web.1"))).isEmpty();
        assertThat(twice.next(act("web.1", "web.2"))).contains("web.1");
    }

    @Test
    void onlyTheDynoActedOnStartsOverTheOtherConfirmedOneIsActedOnNext() {
        twice.next(act("web.1", "web.2"));
        Optional<String> first = twice.next(act("web.1", "web.2"));
        assertThat(first).get().isIn("web.1", "web.2");
        String other = first.get().equals("web.1") ? "web.2" : "web.1";
        assertThat(twice.streak(first.get())).isZero();
        assertThat(twice.streak(other)).isEqualTo(2);
        assertThat(twice.next(act("web.1", "web.2"))).contains(other);
    }

    @Test
    void picksAmongTheConfirmedOutliersAtRandom() {
        SplittableRandom random = new SplittableRandom(3);
        int web1 = 0;
        for (int i = 0; i < 200; i++) {
            ConfirmationRule rule = new ConfirmationRule(2, random);
            rule.next(act("web.1", "web.2"));
            web1 += rule.next(act("web.1", "web.2")).orElseThrow().equals("web.1") ? 1 : 0;
        }
        assertThat(web1).isBetween(70, 130);
    }

    @Test
    void withOneCheckAnyOutlierOfTheCheckIsActedOn() {
        ConfirmationRule once = new ConfirmationRule(1, new SplittableRandom(1));
        assertThat(once.next(act("web.3"))).contains("web.3");
        assertThat(once.next(act("web.1", "web.2"))).get().isIn("web.1", "web.2");
        assertThat(once.next(analysis(Decision.NONE))).isEmpty();
    }

    @Test
    void needsAtLeastOneCheck() {
        assertThatThrownBy(() -> new ConfirmationRule(0, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Analysis act(String... outliers) {
        return new Analysis(DetectionMethod.ROBUST, "trimmed-mean", Decision.ACT, "test", List.of(),
                List.of(outliers), List.of());
    }

    private static Analysis analysis(Decision decision) {
        return new Analysis(DetectionMethod.ROBUST, "trimmed-mean", decision, "test", List.of(), List.of(),
                List.of());
    }
}
