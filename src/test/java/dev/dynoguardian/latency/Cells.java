package dev.dynoguardian.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/** Assertions and sums over the simulations' cells, for {@link LatencyDetectionSimulationTest}. */
final class Cells {

    private Cells() {
    }

    /** Asserts that {@code holds} for the tally of every cell matching {@code cells}, of which there is one at least. */
    static <T> void assertEvery(Map<Simulation.Cell, T> tallies, Predicate<Simulation.Cell> cells,
                                Predicate<T> holds, Function<T, String> describe) {
        assertThat(tallies.keySet().stream().filter(cells).count()).isPositive();
        tallies.forEach((cell, tally) -> {
            if (cells.test(cell)) {
                assertThat(holds.test(tally)).as("%s: %s", cell, describe.apply(tally)).isTrue();
            }
        });
    }

    /** The sum of {@code count} over the cells matching {@code cells}. */
    static <T> int sum(Map<Simulation.Cell, T> tallies, Predicate<Simulation.Cell> cells, ToIntFunction<T> count) {
        return tallies.entrySet().stream().filter(e -> cells.test(e.getKey()))
                .mapToInt(e -> count.applyAsInt(e.getValue())).sum();
    }
}
