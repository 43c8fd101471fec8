package dev.dynoguardian.latency;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs the seeded simulation: every (traffic, noise, formation size, slow factor) cell is a fixed number
 * of checks from its own seeded {@link FormationSimulator}, judged by every {@link Variant}. Cells run in
 * parallel; results do not depend on scheduling.
 */
final class Simulation {

    static final int[] SIZES = {3, 5, 8, 20, 50};
    /** 1.0 stands for healthy formations. */
    static final double[] FACTORS = {1.0, 1.5, 2.0, 3.0, 4.0};

    /** One cell of the table. */
    record Cell(Traffic traffic, Noise noise, int n, double factor) {

        long seed() {
            return 1_000_003L * traffic.ordinal() + 10_007L * noise.ordinal() + 101L * n + Math.round(10 * factor);
        }

        boolean healthy() {
            return factor == 1.0;
        }
    }

    /**
     * Outcome counts of one cell, per variant.
     *
     * @param detected     checks that acted with the slow dyno among the outliers
     * @param falseActions checks that acted with a healthy dyno among the outliers
     */
    record Tally(int checks, Map<Variant, Integer> detected, Map<Variant, Integer> falseActions) {

        double detectionRate(Variant variant) {
            return (double) detected.get(variant) / checks;
        }
    }

    private Simulation() {
    }

    static Map<Cell, Tally> run(int trials) {
        List<Cell> cells = new ArrayList<>();
        for (Traffic traffic : Traffic.values()) {
            for (Noise noise : Noise.values()) {
                for (int n : SIZES) {
                    for (double factor : FACTORS) {
                        cells.add(new Cell(traffic, noise, n, factor));
                    }
                }
            }
        }
        Map<Cell, Tally> tallies = cells.parallelStream()
                .collect(Collectors.toMap(cell -> cell, cell -> tally(cell, trials)));
        Map<Cell, Tally> ordered = new LinkedHashMap<>();
        cells.forEach(cell -> ordered.put(cell, tallies.get(cell)));
        return Collections.unmodifiableMap(ordered);
    }

    private static Tally tally(Cell cell, int trials) {
        FormationSimulator simulator = new FormationSimulator(cell.seed());
        Map<Variant, Integer> detected = new EnumMap<>(Variant.class);
        Map<Variant, Integer> falseActions = new EnumMap<>(Variant.class);
        for (Variant variant : Variant.values()) {
            detected.put(variant, 0);
            falseActions.put(variant, 0);
        }
        for (int t = 0; t < trials; t++) {
            FormationSimulator.SimulatedCheck check = simulator.check(cell.n(), cell.noise(), cell.traffic(),
                    cell.factor());
            for (Variant variant : Variant.values()) {
                Analysis analysis = variant.analyze(check.dynos());
                if (!analysis.shouldAct()) {
                    continue;
                }
                if (check.slowDyno() != null && analysis.outliers().contains(check.slowDyno())) {
                    detected.merge(variant, 1, Integer::sum);
                }
                if (analysis.outliers().stream().anyMatch(o -> !o.equals(check.slowDyno()))) {
                    falseActions.merge(variant, 1, Integer::sum);
                }
            }
        }
        return new Tally(trials, detected, falseActions);
    }
}
