package dev.dynoguardian.latency;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Runs the consecutive-checks simulation: every (traffic, noise, formation size, slow factor) cell is a fixed number
 * of sequences of up to {@link #CHECKS} checks from its own seeded {@link SequenceSimulator}, each judged by every
 * {@link SequenceVariant}. A healthy sequence runs all its checks; a slow one stops once every variant has found the
 * slow dyno (the guardian would replace it). Cells run in parallel; results do not depend on scheduling.
 */
final class SequenceSimulation {

    /**
     * Checks per sequence: the six minutes after the first full window. With confirm-checks = 2 the first action
     * can come at check 2, so six checks hold five chances to confirm, as five checks hold five chances to act.
     */
    static final int CHECKS = 6;
    /** 1.0 stands for healthy formations; 2x and 3x are the factors of the acceptance criterion. */
    static final double[] FACTORS = {1.0, 2.0, 3.0};
    static final List<SequenceVariant> VARIANTS = List.of(SequenceVariant.values());
    private static final long SEED_OFFSET = 7_000_000_001L;
    private static final long PICK_OFFSET = 9_000_000_011L;
    private static final int EXAMPLES = 10;

    /**
     * Outcome counts of one cell, per variant.
     *
     * @param sequences    sequences simulated
     * @param foundAt      sequences whose slow dyno was first found (among the outliers; with the confirmation rule,
     *                     acted on) at check k, at index k - 1
     * @param judged       checks at which the variant could act (with the rule, from check confirm-checks on): all
     *                     of a healthy sequence, those of a slow one up to the variant's detection (after it the
     *                     slow dyno would be replaced)
     * @param falseActions of those, the checks that acted on a healthy dyno
     * @param mostMissed   of the slow dynos not found in {@link #CHECKS} checks, the most timed requests one had in a
     *                     window; 0 if none
     * @param falseConfirmations the first {@link #EXAMPLES} actions of the confirmation rule on a healthy dyno: the
     *                     check, and why the analysis found the dyno an outlier
     */
    record Tally(int sequences, Map<SequenceVariant, int[]> foundAt, Map<SequenceVariant, Integer> judged,
                 Map<SequenceVariant, Integer> falseActions, Map<SequenceVariant, Long> mostMissed,
                 List<String> falseConfirmations) {

        /** Sequences whose slow dyno was found in one of the first {@code k} checks. */
        int foundWithin(SequenceVariant variant, int k) {
            int found = 0;
            for (int i = 0; i < k; i++) {
                found += foundAt.get(variant)[i];
            }
            return found;
        }

        double rateWithin(SequenceVariant variant, int k) {
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
        SplittableRandom picks = new SplittableRandom(cell.seed() + PICK_OFFSET);
        Tally tally = new Tally(sequences, new EnumMap<>(SequenceVariant.class), new EnumMap<>(SequenceVariant.class),
                new EnumMap<>(SequenceVariant.class), new EnumMap<>(SequenceVariant.class), new ArrayList<>());
        for (SequenceVariant variant : VARIANTS) {
            tally.foundAt().put(variant, new int[CHECKS]);
            tally.judged().put(variant, 0);
            tally.falseActions().put(variant, 0);
            tally.mostMissed().put(variant, 0L);
        }
        for (int s = 0; s < sequences; s++) {
            judge(simulator.start(cell.n(), cell.noise(), cell.traffic(), cell.factor()), picks.split(), tally);
        }
        return tally;
    }

    /** Judges one sequence's checks by every variant still looking for the slow dyno; counts into {@code tally}. */
    private static void judge(SequenceSimulator.Sequence sequence, SplittableRandom picks, Tally tally) {
        String slow = sequence.slowDyno();
        ConfirmationStreaks streaks = new ConfirmationStreaks();
        Set<SequenceVariant> found = EnumSet.noneOf(SequenceVariant.class);
        long slowSamples = 0;
        for (int k = 1; k <= CHECKS && (slow == null || found.size() < VARIANTS.size()); k++) {
            List<DynoObservation> dynos = sequence.nextCheck();
            for (DynoObservation dyno : dynos) {
                if (dyno.dyno().equals(slow)) {
                    slowSamples = Math.max(slowSamples, dyno.samples());
                }
            }
            Map<Variant, Analysis> analyses = new EnumMap<>(Variant.class);
            for (SequenceVariant variant : VARIANTS) {
                if (found.contains(variant)) {
                    continue;
                }
                Analysis analysis = analyses.computeIfAbsent(variant.detector, detector -> detector.analyze(dynos));
                List<String> acted = variant.confirmed() ? confirmedAction(streaks, variant, analysis, picks)
                        : analysis.shouldAct() ? analysis.outliers() : List.of();
                if (k >= variant.firstActionable()) {
                    tally.judged().merge(variant, 1, Integer::sum);
                }
                if (acted.stream().anyMatch(o -> !o.equals(slow))) {
                    tally.falseActions().merge(variant, 1, Integer::sum);
                    if (variant.confirmed() && tally.falseConfirmations().size() < EXAMPLES) {
                        tally.falseConfirmations().add("check " + k + ", " + acted + ": " + analysis.why());
                    }
                }
                if (slow != null && acted.contains(slow)) {
                    tally.foundAt().get(variant)[k - 1]++;
                    found.add(variant);
                }
            }
        }
        for (SequenceVariant variant : VARIANTS) {
            if (slow != null && !found.contains(variant)) {
                tally.mostMissed().merge(variant, slowSamples, Math::max);
            }
        }
    }

    /**
     * What the guardian does after a check ({@code LatencyOutlierJob}): the production {@link ConfirmationStreaks},
     * one confirmed outlier picked at random and acted on, its streak starting over. Each variant keeps its own streaks.
     */
    private static List<String> confirmedAction(ConfirmationStreaks streaks, SequenceVariant variant,
                                                Analysis analysis, SplittableRandom picks) {
        List<String> confirmed = streaks.confirmed(variant.name(), "web", analysis, variant.confirmChecks);
        if (confirmed.isEmpty()) {
            return List.of();
        }
        String chosen = confirmed.get(picks.nextInt(confirmed.size()));
        streaks.acted(variant.name(), "web", chosen);
        return List.of(chosen);
    }
}
