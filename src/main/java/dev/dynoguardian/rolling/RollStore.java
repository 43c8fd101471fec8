package dev.dynoguardian.rolling;

import dev.dynoguardian.system.SqlTimestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rolls and their plans ({@code rolling_restart}, {@code rolling_restart_dyno}). At most one roll per app runs (a
 * unique column holds the app's name while it does) and one per cron window exists, whichever instance asks.
 */
@Repository
class RollStore {

    private static final int MAX_TEXT = 2000;

    /** A dyno as planned: its status and why. */
    record Planned(String dyno, String processType, DynoProgress status, String detail) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    RollStore(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * Records a new running roll; throws {@link org.springframework.dao.DuplicateKeyException} when the app has one
     * running already or the window has its roll.
     */
    long create(String app, String reason, String startedBy, List<String> types, Duration skipYoungerThan,
                Instant startedAt, Instant deadline, Instant scheduledFor) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO rolling_restart (app, reason, started_by, dyno_types, skip_younger_seconds, state,
                                             started_at, deadline_at, scheduled_for, running_app)
                VALUES (:app, :reason, :by, :types, :skip, :state, :at, :deadline, :window, :app)""")
                .param("app", app).param("reason", clip(reason, 200)).param("by", clip(startedBy, 100))
                .param("types", String.join(",", types)).param("skip", skipYoungerThan.toSeconds())
                .param("state", RollState.RUNNING.tag()).param("at", SqlTimestamps.of(startedAt))
                .param("deadline", SqlTimestamps.of(deadline))
                .param("window", scheduledFor == null ? null : SqlTimestamps.of(scheduledFor))
                .update(key, "id");
        return key.getKeyAs(Number.class).longValue();
    }

    Optional<Roll> running(String app) {
        return jdbc.sql("SELECT * FROM rolling_restart WHERE running_app = :app").param("app", app)
                .query(this::roll).optional();
    }

    /** The app's newest roll that has ended. */
    Optional<Roll> lastEnded(String app) {
        return jdbc.sql("SELECT * FROM rolling_restart WHERE app = :app AND running_app IS NULL"
                        + " ORDER BY started_at DESC, id DESC FETCH FIRST 1 ROWS ONLY").param("app", app)
                .query(this::roll).optional();
    }

    boolean windowTaken(String app, Instant window) {
        return jdbc.sql("SELECT COUNT(*) FROM rolling_restart WHERE app = :app AND scheduled_for = :window")
                .param("app", app).param("window", SqlTimestamps.of(window)).query(Integer.class).single() > 0;
    }

    boolean isRunning(long id) {
        return jdbc.sql("SELECT COUNT(*) FROM rolling_restart WHERE id = :id AND running_app IS NOT NULL")
                .param("id", id).query(Integer.class).single() > 0;
    }

    /** Saves the roll's plan and the error rate it starts from. */
    void plan(long id, List<Planned> dynos, long requests, long errors, Instant at) {
        tx.executeWithoutResult(status -> {
            for (int i = 0; i < dynos.size(); i++) {
                Planned d = dynos.get(i);
                jdbc.sql("INSERT INTO rolling_restart_dyno (roll_id, position, dyno, process_type, status, ended_at,"
                                + " detail) VALUES (:id, :pos, :dyno, :type, :status, :ended, :detail)")
                        .param("id", id).param("pos", i).param("dyno", d.dyno()).param("type", d.processType())
                        .param("status", d.status().tag())
                        .param("ended", d.status().done() ? SqlTimestamps.of(at) : null)
                        .param("detail", clip(d.detail(), MAX_TEXT)).update();
            }
            jdbc.sql("UPDATE rolling_restart SET planned_at = :at, base_requests = :requests, base_errors = :errors"
                            + " WHERE id = :id")
                    .param("at", SqlTimestamps.of(at)).param("requests", requests).param("errors", errors)
                    .param("id", id).update();
        });
    }

    /** The dyno's turn has come: it is asked of the RestartPolicy at {@code at}. */
    void requested(long id, int position, Instant at) {
        jdbc.sql("UPDATE rolling_restart_dyno SET status = :status, requested_at = :at"
                        + " WHERE roll_id = :id AND position = :pos")
                .param("status", DynoProgress.RESTARTING.tag()).param("at", SqlTimestamps.of(at))
                .param("id", id).param("pos", position).update();
    }

    void dynoDone(long id, int position, DynoProgress status, String detail, Instant at) {
        jdbc.sql("UPDATE rolling_restart_dyno SET status = :status, detail = :detail, ended_at = :at"
                        + " WHERE roll_id = :id AND position = :pos")
                .param("status", status.tag()).param("detail", clip(detail, MAX_TEXT))
                .param("at", SqlTimestamps.of(at)).param("id", id).param("pos", position).update();
    }

    /** Ends a running roll; false when it had ended already (another instance, or an operator, was first). */
    boolean end(long id, RollState state, String outcome, Instant at) {
        return jdbc.sql("UPDATE rolling_restart SET state = :state, outcome = :outcome, ended_at = :at,"
                        + " running_app = NULL WHERE id = :id AND running_app IS NOT NULL")
                .param("state", state.tag()).param("outcome", clip(outcome, MAX_TEXT))
                .param("at", SqlTimestamps.of(at)).param("id", id).update() == 1;
    }

    private Roll roll(ResultSet rs, int row) throws SQLException {
        long id = rs.getLong("id");
        List<Roll.RollDyno> dynos = jdbc.sql("SELECT * FROM rolling_restart_dyno WHERE roll_id = :id ORDER BY position")
                .param("id", id).query((d, n) -> new Roll.RollDyno(d.getInt("position"), d.getString("dyno"),
                        d.getString("process_type"), DynoProgress.of(d.getString("status")),
                        SqlTimestamps.read(d, "requested_at"), SqlTimestamps.read(d, "ended_at"),
                        d.getString("detail"))).list();
        return new Roll(id, rs.getString("app"), rs.getString("reason"), rs.getString("started_by"),
                Arrays.stream(rs.getString("dyno_types").split(",")).filter(t -> !t.isEmpty()).toList(),
                Duration.ofSeconds(rs.getLong("skip_younger_seconds")), RollState.of(rs.getString("state")),
                SqlTimestamps.read(rs, "started_at"), SqlTimestamps.read(rs, "deadline_at"),
                SqlTimestamps.read(rs, "scheduled_for"), SqlTimestamps.read(rs, "planned_at"),
                SqlTimestamps.read(rs, "ended_at"), rs.getString("outcome"), nullableLong(rs, "base_requests"),
                nullableLong(rs, "base_errors"), dynos);
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** Deletes rolls that ended before {@code cutoff}, their dynos with them, in batches; how many rolls went. */
    int deleteEndedBefore(Instant cutoff) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("DELETE FROM rolling_restart WHERE id IN (SELECT id FROM rolling_restart"
                            + " WHERE running_app IS NULL AND ended_at < :cutoff FETCH FIRST 500 ROWS ONLY)")
                    .param("cutoff", SqlTimestamps.of(cutoff)).update();
            total += deleted;
        } while (deleted == 500);
        return total;
    }
}
