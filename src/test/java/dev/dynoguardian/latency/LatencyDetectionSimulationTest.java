package dev.dynoguardian.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seeded statistical suite: simulated formations, every cell judged by the ROBUST and SLAYER methods, once as
 * single checks ({@link FormationSimulator}) and once as consecutive checks of the same formation, a minute apart
 * over a 2-minute window ({@link SequenceSimulator}). Prints the results tables and writes them to
 * {@code target/latency-detection-table.md}; {@code docs/latency-detection.md} holds a copy.
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
        long started = System.nanoTime();
        tallies = Simulation.run(TRIALS);
        double seconds = (System.nanoTime() - started) / 1e9;
        started = System.nanoTime();
        sequences = SequenceSimulation.run(SEQUENCES);
        double sequenceSeconds = (System.nanoTime() - started) / 1e9;
        String table = ResultsTable.markdown(tallies, TRIALS) + SequenceTable.markdown(sequences, SEQUENCES);
        System.out.println(table);
        System.out.printf("simulated %d cells x %d checks in %.1f s%n", tallies.size(), TRIALS, seconds);
        System.out.printf("simulated %d cells x %d sequences of up to %d checks in %.1f s%n", sequences.size(),
                SEQUENCES, SequenceSimulation.CHECKS, sequenceSeconds);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("latency-detection-table.md"), table, StandardCharsets.UTF_8);
        }
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
                assertThat(sum(healthy, Simulation.Tally::checks)).isGreaterThanOrEqualTo(1000);
                assertThat(sum(healthy, t -> t.falseActions().get(Variant.ROBUST)))
                        .as("false actions, %s traffic, %s noise", traffic, noise).isZero();
            }
        }
    }

    @Test
    void busyHealthyDynosAreNeverFlaggedBesideASlowOne() {
        assertThat(sum(c -> c.traffic() == Traffic.BUSY && !c.healthy(), t -> t.falseActions().get(Variant.ROBUST)))
                .isZero();
    }

    @Test
    void theSlayerNeverFindsOneSlowDynoOfFiveOrOfThree() {
        assertEveryCell(c -> c.n() <= 5, tally -> tally.detected().get(Variant.SLAYER) == 0);
    }

    @Test
    void everyTwiceAsSlowBusyDynoAmongFiveOrMoreIsFoundWithinFiveConsecutiveChecks() {
        assertEverySequenceCell(c -> c.traffic() == Traffic.BUSY && c.n() >= 5 && c.factor() == 2.0,
                t -> t.foundWithin(Variant.ROBUST, SequenceSimulation.CHECKS) == t.sequences());
    }

    @Test
    void quietTwiceAsSlowDynosAmongFiveOrMoreAreMissedInFiveChecksOnlyUnderEightyRequestsPerWindow() {
        assertEverySequenceCell(c -> c.traffic() == Traffic.QUIET && c.n() >= 5 && c.factor() == 2.0,
                t -> t.mostMissed().get(Variant.ROBUST) < 80
                        && t.rateWithin(Variant.ROBUST, SequenceSimulation.CHECKS) >= 0.98);
    }

    @Test
    void everyThreeTimesAsSlowDynoAmongThreeIsFoundWithinFiveConsecutiveChecks() {
        assertEverySequenceCell(c -> c.n() == 3 && c.factor() == 3.0,
                t -> t.foundWithin(Variant.ROBUST, SequenceSimulation.CHECKS) == t.sequences());
    }

    @Test
    void atMostOneFalseActionInFourHundredConsecutiveHealthyChecksPerNoiseModelAndTraffic() {
        for (Traffic traffic : Traffic.values()) {
            for (Noise noise : Noise.values()) {
                int checks = 0;
                int falseActions = 0;
                for (Map.Entry<Simulation.Cell, SequenceSimulation.Tally> e : sequences.entrySet()) {
                    if (e.getKey().traffic() == traffic && e.getKey().noise() == noise && e.getKey().healthy()) {
                        checks += e.getValue().judged().get(Variant.ROBUST);
                        falseActions += e.getValue().falseActions().get(Variant.ROBUST);
                    }
                }
                assertThat(checks).isGreaterThanOrEqualTo(1000);
                assertThat(falseActions).as("false actions, %s traffic, %s noise", traffic, noise)
                        .isLessThanOrEqualTo(checks / 400);
            }
        }
    }

    @Test
    void theSlayerNeverFindsOneSlowDynoOfFiveOrOfThreeInAnyConsecutiveCheck() {
        assertEverySequenceCell(c -> c.n() <= 5 && !c.healthy(),
                t -> t.foundWithin(Variant.SLAYER, SequenceSimulation.CHECKS) == 0);
    }

    private static void assertEverySequenceCell(Predicate<Simulation.Cell> cells,
                                                Predicate<SequenceSimulation.Tally> holds) {
        assertThat(sequences.keySet().stream().filter(cells).count()).isPositive();
        sequences.forEach((cell, tally) -> {
            if (cells.test(cell)) {
                assertThat(holds.test(tally)).as("%s: first found at checks 1..5 %s, most requests of a missed one %s",
                        cell, Arrays.toString(tally.foundAt().get(Variant.ROBUST)), tally.mostMissed())
                        .isTrue();
            }
        });
    }

    private static void assertEveryCell(Predicate<Simulation.Cell> cells, Predicate<Simulation.Tally> holds) {
        long matched = tallies.keySet().stream().filter(cells).count();
        assertThat(matched).isPositive();
        tallies.forEach((cell, tally) -> {
            if (cells.test(cell)) {
                assertThat(holds.test(tally)).as("%s: %s", cell, tally).isTrue();
            }
        });
    }

    private static int sum(Predicate<Simulation.Cell> cells, java.util.function.ToIntFunction<Simulation.Tally> count) {
        return tallies.entrySet().stream().filter(e -> cells.test(e.getKey()))
                .mapToInt(e -> count.applyAsInt(e.getValue())).sum();
    }
}
