package dev.dynoguardian.latency;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs the consecutive-checks simulation: every (traffic, noise, formation size, slow factor) cell is a fixed number
 * of sequences of up to {@link #CHECKS} checks from its own seeded {@link SequenceSimulator}, each check judged by
 * ROBUST and SLAYER. A healthy sequence runs all its checks; a slow one stops once both methods have found the slow
 * dyno (the guardian would replace it). Cells run in parallel; results do not depend on scheduling.
 */
final class SequenceSimulation {

    /** Checks per sequence: the five minutes after the first full window. */
    static final int CHECKS = 5;
    /** 1.0 stands for healthy formations; 2x and 3x are the factors of the acceptance criterion. */
    static final double[] FACTORS = {1.0, 2.0, 3.0};
    static final List<Variant> VARIANTS = List.of(Variant.ROBUST, Variant.SLAYER);
    private static final long SEED_OFFSET = 7_000_000_001L;

    /**
     * Outcome counts of one cell, per variant.
     *
     * @param sequences    sequences simulated
     * @param foundAt      sequences whose slow dyno was first among the outliers at check k, at index k - 1
     * @param judged       checks judged: all of a healthy sequence, those of a slow one up to the variant's first
     *                     detection (after it the slow dyno would be replaced)
     * @param falseActions of those, the checks that acted on a healthy dyno
     * @param mostMissed   of the slow dynos never found, the most timed requests one had in a window; 0 if none
     */
    record Tally(int sequences, Map<Variant, int[]> foundAt, Map<Variant, Integer> judged,
                 Map<Variant, Integer> falseActions, Map<Variant, Long> mostMissed) {

        /** Sequences whose slow dyno was among the outliers of at least one of the first {@code k} checks. */
        int foundWithin(Variant variant, int k) {
            int found = 0;
            for (int i = 0; i < k; i++) {
                found += foundAt.get(variant)[i];
            }
            return found;
        }

        double rateWithin(Variant variant, int k) {
            return (double) foundWithin(variant, k) / sequences;
        }
    }

    private SequenceSimulation() {
    }

    static Map<Simulation.Cell, Tally> run(int sequences) {
        List<Simulation.Cell> cells = new ArrayList<>();
        for (Traffic traffic : Traffic.values()) {
            for (Noise noise : Noise.values()) {
                for (int n : Simulation.SIZES) {
                    for (double factor : FACTORS) {
                        cells.add(new Simulation.Cell(traffic, noise, n, factor));
                    }
                }
            }
        }
        Map<Simulation.Cell, Tally> tallies = cells.parallelStream()
                .collect(Collectors.toMap(cell -> cell, cell -> tally(cell, sequences)));
        Map<Simulation.Cell, Tally> ordered = new LinkedHashMap<>();
        cells.forEach(cell -> ordered.put(cell, tallies.get(cell)));
        return Collections.unmodifiableMap(ordered);
    }

    private static Tally tally(Simulation.Cell cell, int sequences) {
        SequenceSimulator simulator = new SequenceSimulator(cell.seed() + SEED_OFFSET);
        Tally tally = new Tally(sequences, new EnumMap<>(Variant.class), new EnumMap<>(Variant.class),
                new EnumMap<>(Variant.class), new EnumMap<>(Variant.class));
        for (Variant variant : VARIANTS) {
            tally.foundAt().put(variant, new int[CHECKS]);
            tally.judged().put(variant, 0);
            tally.falseActions().put(variant, 0);
            tally.mostMissed().put(variant, 0L);
        }
        for (int s = 0; s < sequences; s++) {
            judge(simulator.start(cell.n(), cell.noise(), cell.traffic(), cell.factor()), tally);
        }
        return tally;
    }

    /** Judges one sequence's checks by every variant still looking for the slow dyno; counts into {@code tally}. */
    private static void judge(SequenceSimulator.Sequence sequence, Tally tally) {
        String slow = sequence.slowDyno();
        Map<Variant, Boolean> found = new EnumMap<>(Variant.class);
        long slowSamples = 0;
        for (int k = 0; k < CHECKS && (slow == null || found.size() < VARIANTS.size()); k++) {
            List<DynoObservation> dynos = sequence.nextCheck();
            for (DynoObservation dyno : dynos) {
                if (dyno.dyno().equals(slow)) {
                    slowSamples = Math.max(slowSamples, dyno.samples());
                }
            }
            for (Variant variant : VARIANTS) {
                if (found.containsKey(variant)) {
                    continue;
                }
                tally.judged().merge(variant, 1, Integer::sum);
                Analysis analysis = variant.analyze(dynos);
                if (!analysis.shouldAct()) {
                    continue;
                }
                if (analysis.outliers().stream().anyMatch(o -> !o.equals(slow))) {
                    tally.falseActions().merge(variant, 1, Integer::sum);
                }
                if (slow != null && analysis.outliers().contains(slow)) {
                    tally.foundAt().get(variant)[k]++;
                    found.put(variant, true);
                }
            }
        }
        for (Variant variant : VARIANTS) {
            if (slow != null && !found.containsKey(variant)) {
                tally.mostMissed().merge(variant, slowSamples, Math::max);
            }
        }
    }
}
