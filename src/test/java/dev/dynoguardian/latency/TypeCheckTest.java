package dev.dynoguardian.latency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dynoguardian.drain.DynoState;
import dev.dynoguardian.heroku.PlatformFormation.PlatformDyno;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** One type's check without Spring: observations from the platform's list, confirmation across checks. */
class TypeCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    private final ConfirmationStreaks streaks = new ConfirmationStreaks();

    private static Analysis outliers(String... dynos) {
        return new Analysis(DetectionMethod.ROBUST, "trimmed-mean", Decision.ACT, "outliers", List.of(),
                List.of(dynos), List.of(), false);
    }

    @Test
    void aDynoWithoutAWindowIsObservedWithNoSamplesAndItsUptime() {
        PlatformDyno up = new PlatformDyno("web.1", "web", DynoState.UP, NOW.minus(Duration.ofHours(2)));
        PlatformDyno starting = new PlatformDyno("web.2", "web", DynoState.STARTING, null);

        DynoObservation seenUp = TypeCheck.observe(up, Optional.empty(), NOW);
        DynoObservation seenStarting = TypeCheck.observe(starting, Optional.empty(), NOW);

        assertThat(seenUp.samples()).isZero();
        assertThat(seenUp.up()).isTrue();
        assertThat(seenUp.uptime()).isEqualTo(Duration.ofHours(2));
        assertThat(seenStarting.up()).isFalse();
        assertThat(seenStarting.uptime()).isEqualTo(Duration.ZERO);
    }

    @Test
    void anOutlierIsChosenOnlyOnceConsecutiveChecksConfirmIt() {
        TypeCheck.Result first = TypeCheck.confirm("shop", "web", outliers("web.3"), 2, streaks,
                new SplittableRandom(1));
        TypeCheck.Result second = TypeCheck.confirm("shop", "web", outliers("web.3"), 2, streaks,
                new SplittableRandom(1));

        assertThat(first.chosen()).isNull();
        assertThat(first.line()).startsWith("latency-check app=shop type=web decision=ACT")
                .endsWith("confirmation=\"waiting: web.3 1/2\"");
        assertThat(second.chosen()).isEqualTo("web.3");
        assertThat(second.line()).doesNotContain("confirmation=");
        assertThat(streaks.streak("shop", "web", "web.3")).isZero();
    }

    @Test
    void aCheckWithNothingToActOnWaitsForNothing() {
        Analysis healthy = new Analysis(DetectionMethod.ROBUST, "trimmed-mean", Decision.NONE, "healthy", List.of(),
                List.of(), List.of(), false);

        TypeCheck.Result result = TypeCheck.confirm("shop", "web", healthy, 1, streaks, new SplittableRandom(1));

        assertThat(result.chosen()).isNull();
        assertThat(result.line()).contains("decision=NONE").doesNotContain("confirmation=");
    }
}
