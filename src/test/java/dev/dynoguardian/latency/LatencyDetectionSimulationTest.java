package dev.dynoguardian.latency;

import static dev.dynoguardian.latency.SequenceVariant.ROBUST_CONFIRMED;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seeded statistical suite: simulated formations, every cell judged by the ROBUST and SLAYER methods, once as
 * single checks ({@link FormationSimulator}) and once as consecutive checks of the same formation, a minute apart
 * over a 2-minute window ({@link SequenceSimulator}), there also as the guardian acts on them with confirm-checks =
 * 2 ({@link ConfirmationStreaks}). {@link SimulationReport} prints the results tables and writes them to {@code
 * target/latency-detection-table.md}; {@code docs/latency-detection.md} holds a copy.
 */
class LatencyDetectionSimulationTest {

    static final int TRIALS = 200;
    /** Sequences per cell of the consecutive-checks simulation; the assertions below hold for the default, 100. */
    static final int SEQUENCES = Integer.getInteger("latency.sequences", 100);
    private static final List<Noise> CRITERION_NOISE = List.of(Noise.LOG_NORMAL, Noise.HEAVY_TAILED);

    private static Map<Simulation.Cell, Simulation.Tally> tallies;
    private static Map<Simulation.Cell, SequenceSimulation.Tally> sequences;

    @BeforeAll
    static void simulate() throws IOException {
        SimulationReport report = SimulationReport.run(TRIALS, SEQUENCES);
        tallies = report.checks();
        sequences = report.sequences();
    }

    @Test
    void everyTwiceAsSlowBusyDynoAmongFiveOrMoreIsFound() {
        assertEveryCell(c -> c.traffic() == Traffic.BUSY && CRITERION_NOISE.contains(c.noise()) && c.n() >= 5
                && c.factor() == 2.0, tally -> tally.detected().get(Variant.ROBUST) == tally.checks());
    }

    @Test
    void everyThreeTimesAsSlowBusyDynoAmongThreeIsFound() {
        assertEveryCell(c -> c.traffic() == Traffic.BUSY && CRITERION_NOISE.contains(c.noise()) && c.n() == 3
                && c.factor() == 3.0, tally -> tally.detected().get(Variant.ROBUST) == tally.checks());
    }

    @Test
    void noFalseActionInAThousandHealthyChecksPerNoiseModelAndTraffic() {
        for (Traffic traffic : Traffic.values()) {
            for (Noise noise : Noise.values()) {
                Predicate<Simulation.Cell> healthy = c -> c.traffic() == traffic && c.noise() == noise && c.healthy();
                assertThat(Cells.sum(tallies, healthy, Simulation.Tally::checks)).isGreaterThanOrEqualTo(1000);
                assertThat(Cells.sum(tallies, healthy, t -> t.falseActions().get(Variant.ROBUST)))
                        .as("false actions, %s traffic, %s noise", traffic, noise).isZero();
            }
        }
    }

    @Test
    void busyHealthyDynosAreNeverFlaggedBesideASlowOne() {
        assertThat(Cells.sum(tallies, c -> c.traffic() == Traffic.BUSY && !c.healthy(),
                t -> t.falseActions().get(Variant.ROBUST))).isZero();
    }

    @Test
    void theSlayerNeverFindsOneSlowDynoOfFiveOrOfThree() {
        assertEveryCell(c -> c.n() <= 5, tally -> tally.detected().get(Variant.SLAYER) == 0);
    }

    @Test
    void everyTwiceAsSlowBusyDynoAmongFiveOrMoreIsFoundWithinFiveConsecutiveChecks() {
        assertEverySequenceCell(c -> c.traffic() == Traffic.BUSY && c.n() >= 5 && c.factor() == 2.0,
                t -> t.foundWithin(SequenceVariant.ROBUST, 5) == t.sequences());
    }

    @Test
    void quietTwiceAsSlowDynosAmongFiveOrMoreAreMissedInFiveChecksOnlyUnderEightyRequestsPerWindow() {
        assertEverySequenceCell(c -> c.traffic() == Traffic.QUIET && c.n() >= 5 && c.factor() == 2.0,
                t -> t.rateWithin(SequenceVariant.ROBUST, 5) >= 0.98
                        && t.mostMissed().get(SequenceVariant.ROBUST) < 80);
    }

    @Test
    void everyThreeTimesAsSlowDynoAmongThreeIsFoundWithinFiveConsecutiveChecks() {
        assertEverySequenceCell(c -> c.n() == 3 && c.factor() == 3.0,
                t -> t.foundWithin(SequenceVariant.ROBUST, 5) == t.sequences());
    }

    @Test
    void atMostOneFalseActionInFourHundredConsecutiveHealthyChecksPerNoiseModelAndTraffic() {
        assertHealthyChecks(SequenceVariant.ROBUST, checks -> checks / 400);
    }

    @Test
    void theSlayerNeverFindsOneSlowDynoOfFiveOrOfThreeInAnyConsecutiveCheck() {
        assertEverySequenceCell(c -> c.n() <= 5 && !c.healthy(),
                t -> t.foundWithin(SequenceVariant.SLAYER, SequenceSimulation.CHECKS) == 0);
    }

    @Test
    void withConfirmationEveryTwiceAsSlowBusyDynoAmongFiveOrMoreIsActedOnWithinFiveChecks() {
        assertEverySequenceCell(c -> c.traffic() == Traffic.BUSY && c.n() >= 5 && c.factor() == 2.0,
                t -> t.foundWithin(ROBUST_CONFIRMED, 5) == t.sequences());
    }

    @Test
    void withConfirmationEveryThreeTimesAsSlowDynoAmongThreeIsActedOnWithinFiveChecks() {
        assertEverySequenceCell(c -> c.n() == 3 && c.factor() == 3.0,
                t -> t.foundWithin(ROBUST_CONFIRMED, 5) == t.sequences());
    }

    @Test
    void withConfirmationQuietTwiceAsSlowDynosAmongFiveOrMoreAreActedOnWithinFiveChecksInAtLeast93Percent() {
        assertEverySequenceCell(c -> c.traffic() == Traffic.QUIET && c.n() >= 5 && c.factor() == 2.0,
                t -> t.rateWithin(ROBUST_CONFIRMED, 5) >= 0.93 && t.rateWithin(ROBUST_CONFIRMED, 6) >= 0.94);
    }

    @Test
    void withConfirmationNoHealthyDynoIsActedOn() {
        assertHealthyChecks(ROBUST_CONFIRMED, checks -> 0);
        assertThat(Cells.sum(sequences, c -> !c.healthy(), t -> t.falseActions().get(ROBUST_CONFIRMED))).isZero();
    }

    /** At least 1,000 healthy checks per traffic level and noise model, and at most {@code allowed} false actions. */
    private static void assertHealthyChecks(SequenceVariant variant, IntUnaryOperator allowed) {
        for (Traffic traffic : Traffic.values()) {
            for (Noise noise : Noise.values()) {
                Predicate<Simulation.Cell> healthy = c -> c.traffic() == traffic && c.noise() == noise && c.healthy();
                int checks = Cells.sum(sequences, healthy, t -> t.judged().get(variant));
                assertThat(checks).isGreaterThanOrEqualTo(1000);
                assertThat(Cells.sum(sequences, healthy, t -> t.falseActions().get(variant)))
                        .as("%s false actions, %s traffic, %s noise", variant.label, traffic, noise)
                        .isLessThanOrEqualTo(allowed.applyAsInt(checks));
            }
        }
    }

    private static void assertEverySequenceCell(Predicate<Simulation.Cell> cells,
                                                Predicate<SequenceSimulation.Tally> holds) {
        Cells.assertEvery(sequences, cells, holds, t -> "first found at checks 1..6, per check and confirmed "
                + Arrays.toString(t.foundAt().get(SequenceVariant.ROBUST)) + " "
                + Arrays.toString(t.foundAt().get(ROBUST_CONFIRMED)) + ", most requests of a missed one "
                + t.mostMissed());
    }

    private static void assertEveryCell(Predicate<Simulation.Cell> cells, Predicate<Simulation.Tally> holds) {
        Cells.assertEvery(tallies, cells, holds, Simulation.Tally::toString);
    }
}
