package dev.dynoguardian.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seeded statistical suite: simulated formations (see {@link FormationSimulator}), every cell judged by
 * the ROBUST and SLAYER methods. Prints the results table and writes it to
 * {@code target/latency-detection-table.md}; {@code docs/latency-detection.md} holds a copy.
 */
class LatencyDetectionSimulationTest {

    static final int TRIALS = 200;
    private static final List<Noise> CRITERION_NOISE = List.of(Noise.LOG_NORMAL, Noise.HEAVY_TAILED);

    private static Map<Simulation.Cell, Simulation.Tally> tallies;

    @BeforeAll
    static void simulate() throws IOException {
        long started = System.nanoTime();
        tallies = Simulation.run(TRIALS);
        double seconds = (System.nanoTime() - started) / 1e9;
        String table = ResultsTable.markdown(tallies, TRIALS);
        System.out.println(table);
        System.out.printf("simulated %d cells x %d checks in %.1f s%n", tallies.size(), TRIALS, seconds);
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
