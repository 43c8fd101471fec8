package dev.dynoguardian.latency;

import static dev.dynoguardian.system.Logfmt.value;

import dev.dynoguardian.heroku.PlatformFormation.PlatformDyno;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One process type's check, a pure function of (windows, settings, streaks, random): the dynos' observations
 * ({@link #observe}), their {@link Analysis} ({@link OutlierDetector}), counted in the confirmation streaks, and the
 * confirmed outlier to act on, chosen at random ({@link #confirm}). Needs no Spring, database or clock;
 * {@link LatencyOutlierJob} loads and saves the streaks around it.
 */
final class TypeCheck {

    /**
     * What the check found.
     *
     * @param chosen the confirmed outlier to act on, or null
     * @param line   the check's logfmt line (without what acting then answered)
     */
    record Result(Analysis analysis, String chosen, String line) {

        /** The target's assessment; only when a dyno was chosen. */
        DynoAssessment target() {
            return analysis.dynos().stream().filter(d -> d.dyno().equals(chosen)).findFirst().orElseThrow();
        }
    }

    private TypeCheck() {
    }

    /**
     * Counts the check's analysis in {@code streaks}: an outlier in {@code confirmChecks} consecutive checks is
     * confirmed, and one confirmed outlier, if any, is chosen.
     */
    static Result confirm(String app, String type, Analysis analysis, int confirmChecks, ConfirmationStreaks streaks,
                          RandomGenerator random) {
        String line = "latency-check app=" + value(app) + " type=" + value(type) + " " + analysis.summary();
        List<String> confirmed = streaks.confirmed(app, type, analysis, confirmChecks);
        String chosen = confirmed.isEmpty() ? null : confirmed.get(random.nextInt(confirmed.size()));
        if (chosen != null) {
            streaks.acted(app, type, chosen);
        } else if (analysis.shouldAct()) {
            line += " confirmation=" + value(waiting(app, type, analysis, streaks, confirmChecks));
        }
        return new Result(analysis, chosen, line);
    }

    /** A dyno as the check sees it: its window as of {@code now} (if any) and whether and since when it is up. */
    static DynoObservation observe(PlatformDyno d, Optional<DynoWindow.Snapshot> window, Instant now) {
        Duration uptime = d.up() && d.upSince() != null ? Duration.between(d.upSince(), now) : Duration.ZERO;
        return window.map(w -> WindowStatistics.observe(d.name(), w.histogram(), w.sumMs(), w.requests(), w.errors(),
                d.up(), uptime)).orElseGet(() -> new DynoObservation(d.name(), 0, Double.NaN, Double.NaN, Double.NaN,
                0, 0, d.up(), uptime));
    }

    private static String waiting(String app, String type, Analysis analysis, ConfirmationStreaks streaks,
                                  int required) {
        StringBuilder waiting = new StringBuilder("waiting:");
        for (String dyno : analysis.outliers()) {
            waiting.append(' ').append(dyno).append(' ').append(streaks.streak(app, type, dyno)).append('/')
                    .append(required);
        }
        return waiting.toString();
    }
}
