package dev.dynoguardian.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** guardian.latency.confirm-checks: an outlier is acted on only after consecutive checks agree. */
class ConfirmationStreaksTest {

    private final ConfirmationStreaks streaks = new ConfirmationStreaks();

    private static Analysis act(String... outliers) {
        return new Analysis(DetectionMethod.ROBUST, "trimmed-mean", Decision.ACT, "outliers", List.of(),
                List.of(outliers), List.of(), false);
    }

    private static Analysis none() {
        return new Analysis(DetectionMethod.ROBUST, "trimmed-mean", Decision.NONE, "healthy", List.of(), List.of(),
                List.of(), false);
    }

    @Test
    void anOutlierIsConfirmedByConsecutiveChecks() {
        assertThat(streaks.confirmed("shop", "web", act("web.3"), 2)).isEmpty();
        assertThat(streaks.streak("shop", "web", "web.3")).isEqualTo(1);
        assertThat(streaks.confirmed("shop", "web", act("web.3", "web.5"), 2)).containsExactly("web.3");
        assertThat(streaks.confirmed("shop", "web", act("web.3", "web.5"), 2)).containsExactly("web.3", "web.5");
    }

    @Test
    void aCheckWithoutTheDynoResetsItsStreak() {
        streaks.confirmed("shop", "web", act("web.3"), 2);
        streaks.confirmed("shop", "web", act("web.4"), 2);
        assertThat(streaks.confirmed("shop", "web", act("web.3"), 2)).isEmpty();

        streaks.confirmed("shop", "web", none(), 2);
        assertThat(streaks.confirmed("shop", "web", act("web.3"), 2)).isEmpty();
    }

    @Test
    void actingOrAFailedCheckStartsAgainAndTypesAndAppsAreApart() {
        streaks.confirmed("shop", "web", act("web.3"), 2);
        streaks.confirmed("blog", "web", act("web.3"), 2);
        assertThat(streaks.confirmed("shop", "worker", act("web.3"), 2)).isEmpty();
        assertThat(streaks.confirmed("shop", "web", act("web.3"), 2)).containsExactly("web.3");

        streaks.acted("shop", "web", "web.3");
        assertThat(streaks.confirmed("shop", "web", act("web.3"), 2)).isEmpty();
        streaks.forget("blog");
        assertThat(streaks.confirmed("blog", "web", act("web.3"), 2)).isEmpty();
        assertThat(streaks.confirmed("shop", "web", act("web.3"), 1)).containsExactly("web.3");
    }

    @Test
    void aTypesStreaksCarryOverToTheNextCheckElsewhere() {
        streaks.confirmed("shop", "web", act("web.3", "web.5"), 2);
        streaks.confirmed("shop", "web", act("web.3", "web.5"), 2);
        streaks.acted("shop", "web", "web.3");

        ConfirmationStreaks other = new ConfirmationStreaks();
        other.restore("shop", "web", streaks.streaks("shop", "web"));
        assertThat(other.streaks("shop", "web")).containsExactlyEntriesOf(java.util.Map.of("web.5", 2));
        assertThat(other.confirmed("shop", "web", act("web.3", "web.5"), 2)).containsExactly("web.5");
    }
}
