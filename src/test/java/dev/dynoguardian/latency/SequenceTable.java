package dev.dynoguardian.latency;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/** Renders the consecutive-checks simulation's tallies ({@link SequenceSimulation}) as Markdown. */
final class SequenceTable {

    /** The "within k checks" columns of each cell. */
    static final int[] WITHIN = {1, 2, 3, 5};

    private SequenceTable() {
    }

    static String markdown(Map<Simulation.Cell, SequenceSimulation.Tally> tallies, int sequences) {
        StringBuilder md = new StringBuilder(8192);
        for (Traffic traffic : Traffic.values()) {
            for (Variant variant : SequenceSimulation.VARIANTS) {
                md.append(String.format(Locale.ROOT, "%n#### Consecutive checks, %s, %s dynos (%d-%d requests per"
                                + " dyno per 2-minute window)%n%n", variant.label,
                        traffic.name().toLowerCase(Locale.ROOT), traffic.from, traffic.to));
                md.append("Share of ").append(sequences).append(" sequences per cell whose slow dyno is among the")
                        .append(" outliers of at least one of the first 1 / 2 / 3 / 5 checks, in %; false actions:")
                        .append(" checks of ").append(sequences).append(" healthy ").append(SequenceSimulation.CHECKS)
                        .append("-check sequences that acted on a healthy dyno.\n\n");
                md.append("| noise | n | 2x | 3x | false actions |\n");
                md.append("|---|---:|---:|---:|---:|\n");
                for (Noise noise : Noise.values()) {
                    for (int n : Simulation.SIZES) {
                        md.append(row(tallies, traffic, noise, n, variant));
                    }
                }
                md.append(besideTheSlowOne(tallies, traffic, variant));
            }
        }
        return md.toString();
    }

    private static String row(Map<Simulation.Cell, SequenceSimulation.Tally> tallies, Traffic traffic, Noise noise,
                              int n, Variant variant) {
        StringBuilder md = new StringBuilder(128).append("| ")
                .append(noise.name().toLowerCase(Locale.ROOT).replace('_', '-')).append(" | ").append(n);
        for (double factor : Arrays.copyOfRange(SequenceSimulation.FACTORS, 1, SequenceSimulation.FACTORS.length)) {
            SequenceSimulation.Tally tally = tallies.get(new Simulation.Cell(traffic, noise, n, factor));
            md.append(" | ");
            for (int i = 0; i < WITHIN.length; i++) {
                md.append(i == 0 ? "" : " / ").append(percent(tally.rateWithin(variant, WITHIN[i])));
            }
        }
        SequenceSimulation.Tally healthy = tallies.get(new Simulation.Cell(traffic, noise, n, 1.0));
        return md.append(" | ").append(healthy.falseActions().get(variant)).append('/')
                .append(healthy.judged().get(variant)).append(" |\n").toString();
    }

    /**
     * Pooled over the slow sequences: checks, up to the detection, that acted on a healthy dyno; for ROBUST also
     * the most requests a missed 2x-slow dyno among n >= 5 had in a window.
     */
    private static String besideTheSlowOne(Map<Simulation.Cell, SequenceSimulation.Tally> tallies, Traffic traffic,
                                           Variant variant) {
        int actions = 0;
        int judged = 0;
        for (Map.Entry<Simulation.Cell, SequenceSimulation.Tally> entry : tallies.entrySet()) {
            if (entry.getKey().traffic() == traffic && !entry.getKey().healthy()) {
                actions += entry.getValue().falseActions().get(variant);
                judged += entry.getValue().judged().get(variant);
            }
        }
        String line = String.format(Locale.ROOT, "%nIn the slow sequences, %s acted on a healthy dyno in %d of the %d"
                + " checks up to its detection.", variant.label, actions, judged);
        if (variant != Variant.ROBUST) {
            return line + "\n";
        }
        long mostMissed = tallies.entrySet().stream()
                .filter(e -> e.getKey().traffic() == traffic && e.getKey().n() >= 5 && e.getKey().factor() == 2.0)
                .mapToLong(e -> e.getValue().mostMissed().get(variant)).max().orElse(0);
        return line + (mostMissed == 0 ? " It found every 2x-slow dyno among n >= 5 within 5 checks.\n"
                : String.format(Locale.ROOT, " The 2x-slow dynos among n >= 5 it missed in all 5 checks had at most"
                + " %d timed requests in a window.%n", mostMissed));
    }

    private static String percent(double rate) {
        return rate == 1.0 ? "100" : rate == 0.0 ? "0" : String.format(Locale.ROOT, "%.1f", 100 * rate);
    }
}
