package dev.dynoguardian.latency;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs both simulations for {@link LatencyDetectionSimulationTest}, prints the results tables with the time each
 * simulation took, and writes them to {@code target/latency-detection-table.md}; {@code docs/latency-detection.md}
 * holds a copy.
 *
 * @param checks    the single-check simulation's tallies ({@link Simulation})
 * @param sequences the consecutive-checks simulation's tallies ({@link SequenceSimulation})
 */
record SimulationReport(Map<Simulation.Cell, Simulation.Tally> checks,
                        Map<Simulation.Cell, SequenceSimulation.Tally> sequences) {

    static SimulationReport run(int trials, int sequenceCount) throws IOException {
        long started = System.nanoTime();
        Map<Simulation.Cell, Simulation.Tally> checks = Simulation.run(trials);
        double seconds = (System.nanoTime() - started) / 1e9;
        started = System.nanoTime();
        Map<Simulation.Cell, SequenceSimulation.Tally> sequences = SequenceSimulation.run(sequenceCount);
        double sequenceSeconds = (System.nanoTime() - started) / 1e9;
        String table = ResultsTable.markdown(checks, trials) + SequenceTable.markdown(sequences, sequenceCount)
                + SequenceSummary.markdown(sequences, sequenceCount) + falseConfirmations(sequences);
        System.out.println(table);
        System.out.printf("simulated %d cells x %d checks in %.1f s%n", checks.size(), trials, seconds);
        System.out.printf("simulated %d cells x %d sequences of up to %d checks in %.1f s%n", sequences.size(),
                sequenceCount, SequenceSimulation.CHECKS, sequenceSeconds);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("latency-detection-table.md"), table, StandardCharsets.UTF_8);
        }
        return new SimulationReport(checks, sequences);
    }

    /** The confirmation rule's actions on healthy dynos, at most 10 per cell, as a Markdown list; empty if none. */
    private static String falseConfirmations(Map<Simulation.Cell, SequenceSimulation.Tally> sequences) {
        StringBuilder md = new StringBuilder();
        sequences.forEach((cell, tally) -> tally.falseConfirmations().forEach(why -> md.append("* ").append(cell)
                .append(", ").append(why).append('\n')));
        return md.length() == 0 ? "" : "\n#### Actions of ROBUST, confirm 2 on healthy dynos\n\n" + md;
    }
}
