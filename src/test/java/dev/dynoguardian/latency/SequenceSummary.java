package dev.dynoguardian.latency;

import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Renders, per traffic level and noise model, what the acceptance criteria ask of the consecutive-checks simulation
 * ({@link SequenceSimulation}): the detector's raw per-check outliers (ROBUST) next to the guardian's confirmation
 * rule (ROBUST, confirm 2), ranges over the cells, counts pooled.
 */
final class SequenceSummary {

    private static final SequenceVariant RAW = SequenceVariant.ROBUST;
    private static final SequenceVariant CONFIRMED = SequenceVariant.ROBUST_CONFIRMED;

    private SequenceSummary() {
    }

    static String markdown(Map<Simulation.Cell, SequenceSimulation.Tally> tallies, int sequences) {
        StringBuilder md = new StringBuilder(2048)
                .append(String.format(Locale.ROOT, "%n#### Consecutive checks, ROBUST per check / ROBUST, confirm 2,"
                        + " %d sequences per cell%n%n", sequences))
                .append("Per check / confirm 2. Found: lowest to highest share, in %, of a cell's sequences whose slow"
                        + " dyno was found (per check: among the outliers; confirm 2: acted on) within 5 or 6 checks."
                        + " False actions: checks that acted on a healthy dyno, in healthy sequences and in slow ones"
                        + " up to the detection.\n\n")
                .append("| traffic | noise | 2x among n >= 5 within 5 | 2x among n >= 5 within 6 | 3x among 3"
                        + " within 5 | false actions, healthy sequences | false actions, slow sequences |\n")
                .append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Traffic traffic : Traffic.values()) {
            for (Noise noise : Noise.values()) {
                Predicate<Simulation.Cell> here = c -> c.traffic() == traffic && c.noise() == noise;
                Predicate<Simulation.Cell> twice = here.and(c -> c.n() >= 5 && c.factor() == 2.0);
                Predicate<Simulation.Cell> thrice = here.and(c -> c.n() == 3 && c.factor() == 3.0);
                md.append("| ").append(traffic.name().toLowerCase(Locale.ROOT)).append(" | ")
                        .append(noise.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                        .append(" | ").append(both(tallies, twice, 5))
                        .append(" | ").append(both(tallies, twice, 6))
                        .append(" | ").append(both(tallies, thrice, 5))
                        .append(" | ").append(actions(tallies, here.and(Simulation.Cell::healthy)))
                        .append(" | ").append(actions(tallies, here.and(c -> !c.healthy()))).append(" |\n");
            }
        }
        return md.toString();
    }

    private static String both(Map<Simulation.Cell, SequenceSimulation.Tally> tallies,
                               Predicate<Simulation.Cell> cells, int within) {
        return range(tallies, cells, t -> t.rateWithin(RAW, within)) + " / "
                + range(tallies, cells, t -> t.rateWithin(CONFIRMED, within));
    }

    private static String range(Map<Simulation.Cell, SequenceSimulation.Tally> tallies,
                                Predicate<Simulation.Cell> cells, ToDoubleFunction<SequenceSimulation.Tally> rate) {
        double low = tallies.entrySet().stream().filter(e -> cells.test(e.getKey()))
                .mapToDouble(e -> rate.applyAsDouble(e.getValue())).min().orElse(Double.NaN);
        double high = tallies.entrySet().stream().filter(e -> cells.test(e.getKey()))
                .mapToDouble(e -> rate.applyAsDouble(e.getValue())).max().orElse(Double.NaN);
        return low == high ? SequenceTable.percent(low)
                : SequenceTable.percent(low) + "-" + SequenceTable.percent(high);
    }

    private static String actions(Map<Simulation.Cell, SequenceSimulation.Tally> tallies,
                                  Predicate<Simulation.Cell> cells) {
        return count(tallies, cells, RAW) + " / " + count(tallies, cells, CONFIRMED);
    }

    private static String count(Map<Simulation.Cell, SequenceSimulation.Tally> tallies,
                                Predicate<Simulation.Cell> cells, SequenceVariant variant) {
        int actions = Cells.sum(tallies, cells, t -> t.falseActions().get(variant));
        int judged = Cells.sum(tallies, cells, t -> t.judged().get(variant));
        return String.format(Locale.ROOT, "%d/%,d", actions, judged);
    }
}
