package dev.dynoguardian.latency;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders the consecutive-checks simulation's tallies ({@link SequenceSimulation}) as Markdown. */
final class SequenceTable {

    private SequenceTable() {
    }

    static String markdown(Map<Simulation.Cell, SequenceSimulation.Tally> tallies, int sequences) {
        StringBuilder md = new StringBuilder(12_288);
        for (Traffic traffic : Traffic.values()) {
            for (SequenceVariant variant : SequenceSimulation.VARIANTS) {
                md.append(String.format(Locale.ROOT, "%n#### Consecutive checks, %s, %s dynos (%d-%d requests per"
                                + " dyno per 2-minute window)%n%n", variant.label,
                        traffic.name().toLowerCase(Locale.ROOT), traffic.from, traffic.to));
                md.append(caption(variant, sequences));
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

    private static String caption(SequenceVariant variant, int sequences) {
        String within = Arrays.stream(variant.within).mapToObj(Integer::toString).collect(Collectors.joining(" / "));
        int healthyChecks = SequenceSimulation.CHECKS - variant.firstActionable() + 1;
        return variant.confirmed()
                ? String.format(Locale.ROOT, "Share of %d sequences per cell whose slow dyno the confirmation rule"
                        + " acted on by check %s, in %%; false actions: checks %d to %d of %d healthy sequences (those"
                        + " at which the rule can act) that acted on a healthy dyno.%n%n", sequences, within,
                variant.firstActionable(), SequenceSimulation.CHECKS, sequences)
                : String.format(Locale.ROOT, "Share of %d sequences per cell whose slow dyno is among the outliers of"
                        + " at least one of the first %s checks, in %%; false actions: checks of %d healthy %d-check"
                        + " sequences that acted on a healthy dyno.%n%n", sequences, within, sequences, healthyChecks);
    }

    private static String row(Map<Simulation.Cell, SequenceSimulation.Tally> tallies, Traffic traffic, Noise noise,
                              int n, SequenceVariant variant) {
        StringBuilder md = new StringBuilder(128).append("| ")
                .append(noise.name().toLowerCase(Locale.ROOT).replace('_', '-')).append(" | ").append(n);
        for (double factor : Arrays.copyOfRange(SequenceSimulation.FACTORS, 1, SequenceSimulation.FACTORS.length)) {
            SequenceSimulation.Tally tally = tallies.get(new Simulation.Cell(traffic, noise, n, factor));
            md.append(" | ");
            for (int i = 0; i < variant.within.length; i++) {
                md.append(i == 0 ? "" : " / ").append(percent(tally.rateWithin(variant, variant.within[i])));
            }
        }
        SequenceSimulation.Tally healthy = tallies.get(new Simulation.Cell(traffic, noise, n, 1.0));
        return md.append(" | ").append(healthy.falseActions().get(variant)).append('/')
                .append(healthy.judged().get(variant)).append(" |\n").toString();
    }

    /**
     * Pooled over the slow sequences: checks, up to the detection, that acted on a healthy dyno; for ROBUST also
     * the most requests a 2x-slow dyno among n >= 5 not found in all the checks had in a window.
     */
    private static String besideTheSlowOne(Map<Simulation.Cell, SequenceSimulation.Tally> tallies, Traffic traffic,
                                           SequenceVariant variant) {
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
        if (variant.detector != Variant.ROBUST) {
            return line + "\n";
        }
        long mostMissed = tallies.entrySet().stream()
                .filter(e -> e.getKey().traffic() == traffic && e.getKey().n() >= 5 && e.getKey().factor() == 2.0)
                .mapToLong(e -> e.getValue().mostMissed().get(variant)).max().orElse(0);
        String found = variant.confirmed() ? "acted on" : "found";
        return line + (mostMissed == 0
                ? String.format(Locale.ROOT, " It %s every 2x-slow dyno among n >= 5 within %d checks.%n", found,
                SequenceSimulation.CHECKS)
                : String.format(Locale.ROOT, " The 2x-slow dynos among n >= 5 it never %s in %d checks had at most"
                + " %d timed requests in a window.%n", found, SequenceSimulation.CHECKS, mostMissed));
    }

    /** A percentage with one decimal, or two where one would round to 0 or 100 (large runs). */
    static String percent(double rate) {
        if (rate == 1.0 || rate == 0.0) {
            return rate == 1.0 ? "100" : "0";
        }
        String one = String.format(Locale.ROOT, "%.1f", 100 * rate);
        return one.equals("100.0") || one.equals("0.0") ? String.format(Locale.ROOT, "%.2f", 100 * rate) : one;
    }
}
