package dev.dynoguardian.latency;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code guardian.latency.confirm-checks}: a dyno is acted on only once it has been an outlier in that many
 * consecutive checks of its app and process type. One check's bad luck (a burst on a quiet dyno, a clump of
 * errors) then never restarts a healthy dyno; a really slow dyno waits one more check. The guardian restores a type's
 * streaks from the database before each check and saves them after it ({@code StreakStore}), so they continue when
 * another instance takes over the check.
 */
final class ConfirmationStreaks {

    private final Map<String, Map<String, Integer>> streaks = new ConcurrentHashMap<>();

    /**
     * Counts this check for each of the type's dynos and returns the outliers confirmed by {@code required}
     * consecutive checks. A check that does not act resets every streak of the type.
     */
    List<String> confirmed(String app, String type, Analysis analysis, int required) {
        Map<String, Integer> current = streaks.computeIfAbsent(app + "/" + type, k -> new ConcurrentHashMap<>());
        List<String> outliers = analysis.shouldAct() ? analysis.outliers() : List.of();
        current.keySet().retainAll(outliers);
        outliers.forEach(dyno -> current.merge(dyno, 1, Integer::sum));
        return outliers.stream().filter(dyno -> current.get(dyno) >= required).toList();
    }

    /** How many consecutive checks the dyno has been an outlier in. */
    int streak(String app, String type, String dyno) {
        return streaks.getOrDefault(app + "/" + type, Map.of()).getOrDefault(dyno, 0);
    }

    /** The type's streaks by dyno, as they stand. */
    Map<String, Integer> streaks(String app, String type) {
        return Map.copyOf(streaks.getOrDefault(app + "/" + type, Map.of()));
    }

    /** Replaces the type's streaks with {@code saved}, e.g. as another instance's last check left them. */
    void restore(String app, String type, Map<String, Integer> saved) {
        streaks.put(app + "/" + type, new ConcurrentHashMap<>(saved));
    }

    /** The dyno was acted on: its successor starts from zero. */
    void acted(String app, String type, String dyno) {
        streaks.getOrDefault(app + "/" + type, Map.of()).remove(dyno);
    }

    /** The check of the type could not complete: nothing is confirmed across the gap. */
    void forget(String app) {
        streaks.keySet().removeIf(key -> key.startsWith(app + "/"));
    }
}
