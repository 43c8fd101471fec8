package dev.dynoguardian.latency;

import dev.dynoguardian.system.SqlTimestamps;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@link ConfirmationStreaks} of each app and process type in {@code latency_streak}, so that a check on another
 * instance, or after a guardian restart, continues them. Only the instance holding the check's lock writes them.
 */
@Repository
class StreakStore {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    StreakStore(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** The type's streaks by dyno, as the last check left them, if it ran at or after {@code since}. */
    Map<String, Integer> load(String app, String type, Instant since) {
        Map<String, Integer> streaks = new HashMap<>();
        jdbc.sql("SELECT dyno, streak FROM latency_streak WHERE app = :app AND process_type = :type"
                        + " AND checked_at >= :since")
                .param("app", app).param("type", type).param("since", SqlTimestamps.of(since))
                .query(rs -> {
                    streaks.put(rs.getString("dyno"), rs.getInt("streak"));
                });
        return streaks;
    }

    /** Replaces the type's streaks with those of the check that ran at {@code at}. */
    void save(String app, String type, Map<String, Integer> streaks, Instant at) {
        tx.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM latency_streak WHERE app = :app AND process_type = :type")
                    .param("app", app).param("type", type).update();
            streaks.forEach((dyno, streak) -> jdbc.sql("INSERT INTO latency_streak (app, process_type, dyno, streak,"
                            + " checked_at) VALUES (:app, :type, :dyno, :streak, :at)")
                    .param("app", app).param("type", type).param("dyno", dyno).param("streak", streak)
                    .param("at", SqlTimestamps.of(at)).update());
        });
    }

    /** A check of the app could not complete: no streak of the app continues across it. */
    void forget(String app) {
        jdbc.sql("DELETE FROM latency_streak WHERE app = :app").param("app", app).update();
    }
}
