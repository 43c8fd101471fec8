package dev.dynoguardian.latency;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/** Renders the simulation's tallies as Markdown. */
final class ResultsTable {

    private ResultsTable() {
    }

    static String markdown(Map<Simulation.Cell, Simulation.Tally> tallies, int trials) {
        StringBuilder md = new StringBuilder(8192);
        for (Traffic traffic : Traffic.values()) {
            md.append(String.format(Locale.ROOT, "%n#### %s dynos (%d-%d requests per dyno per 2-minute window)%n%n",
                    traffic == Traffic.BUSY ? "Busy" : "Quiet", traffic.from, traffic.to));
            md.append("Detection rate of one slow dyno, ROBUST / SLAYER, ").append(trials)
                    .append(" checks per cell; false actions in ").append(trials).append(" healthy checks.\n\n");
            md.append("| noise | n | 1.5x | 2x | 3x | 4x | false actions ROBUST | false actions SLAYER |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Noise noise : Noise.values()) {
                for (int n : Simulation.SIZES) {
                    md.append("| ").append(noise.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                            .append(" | ").append(n);
                    for (double factor : Arrays.copyOfRange(Simulation.FACTORS, 1, Simulation.FACTORS.length)) {
                        Simulation.Tally tally = tallies.get(new Simulation.Cell(traffic, noise, n, factor));
                        md.append(" | ").append(percent(tally.detectionRate(Variant.ROBUST))).append(" / ")
                                .append(percent(tally.detectionRate(Variant.SLAYER)));
                    }
                    Simulation.Tally healthy = tallies.get(new Simulation.Cell(traffic, noise, n, 1.0));
                    md.append(" | ").append(healthy.falseActions().get(Variant.ROBUST)).append('/').append(trials)
                            .append(" | ").append(healthy.falseActions().get(Variant.SLAYER)).append('/')
                            .append(trials).append(" |\n");
                }
            }
        }
        md.append(statistics(tallies));
        return md.toString();
    }

    /** Pooled over noise models and sizes n >= 5: how the ROBUST rule fares on each per-dyno statistic. */
    private static String statistics(Map<Simulation.Cell, Simulation.Tally> tallies) {
        StringBuilder md = new StringBuilder(1024);
        md.append("\n#### Which statistic (ROBUST rule, all noise models, n >= 5 pooled)\n\n")
                .append("| statistic | traffic | 1.5x found | 2x found | 3x found | healthy dynos flagged"
                        + " in slow checks | false actions in healthy checks |\n")
                .append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Variant variant : new Variant[] {Variant.ROBUST, Variant.ROBUST_ON_P50, Variant.ROBUST_ON_MEAN}) {
            for (Traffic traffic : Traffic.values()) {
                Predicate<Simulation.Cell> base = c -> c.traffic() == traffic && c.n() >= 5;
                md.append("| ").append(variant == Variant.ROBUST ? "trimmed geometric mean (chosen)"
                                : variant == Variant.ROBUST_ON_P50 ? "p50" : "mean")
                        .append(" | ").append(traffic.name().toLowerCase(Locale.ROOT))
                        .append(" | ").append(rate(tallies, base.and(c -> c.factor() == 1.5), variant))
                        .append(" | ").append(rate(tallies, base.and(c -> c.factor() == 2.0), variant))
                        .append(" | ").append(rate(tallies, base.and(c -> c.factor() == 3.0), variant))
                        .append(" | ").append(falseActions(tallies, base.and(c -> !c.healthy()), variant))
                        .append(" | ").append(falseActions(tallies, base.and(Simulation.Cell::healthy), variant))
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    private static String rate(Map<Simulation.Cell, Simulation.Tally> tallies, Predicate<Simulation.Cell> cells,
                               Variant variant) {
        int found = 0;
        int checks = 0;
        for (Map.Entry<Simulation.Cell, Simulation.Tally> entry : tallies.entrySet()) {
            if (cells.test(entry.getKey())) {
                found += entry.getValue().detected().get(variant);
                checks += entry.getValue().checks();
            }
        }
        return percent((double) found / checks);
    }

    private static String falseActions(Map<Simulation.Cell, Simulation.Tally> tallies,
                                       Predicate<Simulation.Cell> cells, Variant variant) {
        int actions = 0;
        int checks = 0;
        for (Map.Entry<Simulation.Cell, Simulation.Tally> entry : tallies.entrySet()) {
            if (cells.test(entry.getKey())) {
                actions += entry.getValue().falseActions().get(variant);
                checks += entry.getValue().checks();
            }
        }
        return actions + "/" + checks;
    }

    private static String percent(double rate) {
        return rate == 1.0 ? "100%" : String.format(Locale.ROOT, "%.1f%%", 100 * rate);
    }
}
