package dev.dynoguardian.restart;

import dev.dynoguardian.system.GuardianProperties;
import dev.dynoguardian.system.SqlTimestamps;
import dev.dynoguardian.restart.PolicySnapshot.WindowState;
import java.time.Instant;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The policy's shared state in the database: the per-app lock row, dyno windows, restarted incarnations and
 * restarts in flight. Guardian instances sharing the database agree through it: every decision runs in a transaction
 * holding its app's row lock ({@code SELECT ... FOR UPDATE}), and primary keys forbid double entries. Rows written in
 * dry-run are marked: a dry-run guardian paces itself with every row, a real one ignores the dry-run rows, so what a
 * dry-run only "would" have done never blocks a real restart.
 */
@Repository
class RestartStore {

    /** A restart under way. */
    record InFlight(String dyno, String processType, long ledgerId, Instant startedAt, Instant settleBy) {
    }

    private final JdbcClient jdbc;
    private final boolean dryRun;
    private final String visible;

    RestartStore(JdbcClient jdbc, GuardianProperties guardian) {
        this.jdbc = jdbc;
        this.dryRun = guardian.dryRun();
        this.visible = dryRun ? "" : " AND dry_run = FALSE";
    }

    void ensureApp(String app) {
        try {
            jdbc.sql("INSERT INTO app_lock (app) SELECT :app WHERE NOT EXISTS (SELECT 1 FROM app_lock WHERE app = :app)")
                    .param("app", app).update();
        } catch (DuplicateKeyException raceWithAnotherInstance) {
            // the other instance inserted the same row first: the row exists, which is all we need
        }
    }

    /** Blocks until this transaction holds the app's decision lock. */
    void lockApp(String app) {
        jdbc.sql("SELECT app FROM app_lock WHERE app = :app FOR UPDATE").param("app", app).query(String.class).single();
    }

    WindowState window(String app, String dyno) {
        return jdbc.sql("SELECT last_restart_at, streak, relapse_at FROM dyno_window WHERE app = :app AND dyno = :dyno"
                        + visible)
                .param("app", app).param("dyno", dyno)
                .query((rs, n) -> new WindowState(SqlTimestamps.read(rs, "last_restart_at"), rs.getInt("streak"),
                        SqlTimestamps.read(rs, "relapse_at")))
                .optional().orElse(null);
    }

    void saveWindow(String app, String dyno, WindowState w) {
        int updated = jdbc.sql("UPDATE dyno_window SET last_restart_at = :at, streak = :streak, relapse_at = :relapse,"
                        + " dry_run = :dry WHERE app = :app AND dyno = :dyno")
                .param("at", SqlTimestamps.of(w.lastRestart())).param("streak", w.streak())
                .param("relapse", SqlTimestamps.of(w.relapseAt())).param("dry", dryRun).param("app", app)
                .param("dyno", dyno).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO dyno_window (app, dyno, last_restart_at, streak, relapse_at, dry_run)"
                            + " VALUES (:app, :dyno, :at, :streak, :relapse, :dry)")
                    .param("app", app).param("dyno", dyno).param("at", SqlTimestamps.of(w.lastRestart()))
                    .param("streak", w.streak()).param("relapse", SqlTimestamps.of(w.relapseAt())).param("dry", dryRun)
                    .update();
        }
    }

    /** Puts back the window a failed restart replaced (or removes it if there was none). */
    void restoreWindow(String app, String dyno, WindowState previous) {
        if (previous == null) {
            jdbc.sql("DELETE FROM dyno_window WHERE app = :app AND dyno = :dyno")
                    .param("app", app).param("dyno", dyno).update();
        } else {
            saveWindow(app, dyno, previous);
        }
    }

    void markRelapse(String app, String dyno, Instant at) {
        jdbc.sql("UPDATE dyno_window SET relapse_at = :at WHERE app = :app AND dyno = :dyno AND relapse_at IS NULL")
                .param("at", SqlTimestamps.of(at)).param("app", app).param("dyno", dyno).update();
    }

    boolean incarnationRestarted(String app, String dyno, String incarnation) {
        return incarnation != null && jdbc.sql("SELECT COUNT(*) FROM restarted_incarnation"
                        + " WHERE app = :app AND dyno = :dyno AND dyno_id = :id" + visible)
                .param("app", app).param("dyno", dyno).param("id", incarnation).query(Integer.class).single() > 0;
    }

    /** Records the incarnation as restarted, replacing a dry-run row of it (the only row a decision to act sees past). */
    void saveIncarnation(String app, String incarnation, String dyno, Instant at) {
        if (incarnation != null) {
            deleteIncarnation(app, dyno, incarnation);
            jdbc.sql("INSERT INTO restarted_incarnation (app, dyno_id, dyno, requested_at, dry_run)"
                            + " VALUES (:app, :id, :dyno, :at, :dry)")
                    .param("app", app).param("id", incarnation).param("dyno", dyno).param("at", SqlTimestamps.of(at))
                    .param("dry", dryRun).update();
        }
    }

    void deleteIncarnation(String app, String dyno, String incarnation) {
        if (incarnation != null) {
            jdbc.sql("DELETE FROM restarted_incarnation WHERE app = :app AND dyno = :dyno AND dyno_id = :id")
                    .param("app", app).param("dyno", dyno).param("id", incarnation).update();
        }
    }

    /**
     * Restarts in flight for the app, after dropping those whose settle time has passed. While its call runs, a
     * restart's settle time is only the bound for an instance that died mid-call.
     */
    List<InFlight> inFlight(String app, Instant now) {
        jdbc.sql("DELETE FROM in_flight WHERE app = :app AND settle_by <= :now")
                .param("app", app).param("now", SqlTimestamps.of(now)).update();
        return jdbc.sql("SELECT dyno, process_type, ledger_id, started_at, settle_by FROM in_flight WHERE app = :app"
                        + visible)
                .param("app", app)
                .query((rs, n) -> new InFlight(rs.getString("dyno"), rs.getString("process_type"),
                        rs.getLong("ledger_id"), SqlTimestamps.read(rs, "started_at"), SqlTimestamps.read(rs, "settle_by")))
                .list();
    }

    /**
     * Takes a slot; {@code calling}: its API call is about to run, and the platform's word is ignored until it ends.
     * {@code floor} is the earliest an up line can end the slot (for a slot whose call runs, {@link #callDone} sets it).
     */
    void startFlight(String app, String dyno, String type, long ledgerId, Instant at, Instant settleBy, Instant floor,
                     boolean calling) {
        jdbc.sql("DELETE FROM in_flight WHERE app = :app AND dyno = :dyno").param("app", app).param("dyno", dyno)
                .update();
        jdbc.sql("INSERT INTO in_flight (app, dyno, process_type, ledger_id, started_at, settle_by, settle_floor,"
                        + " dry_run, calling) VALUES (:app, :dyno, :type, :ledger, :at, :settle, :floor, :dry, :calling)")
                .param("app", app).param("dyno", dyno).param("type", type).param("ledger", ledgerId)
                .param("at", SqlTimestamps.of(at)).param("settle", SqlTimestamps.of(settleBy))
                .param("floor", SqlTimestamps.of(floor)).param("dry", dryRun).param("calling", calling).update();
    }

    /**
     * The slot's API call succeeded: it settles by {@code settleBy} or, once the dyno is up, at {@code floor}; if the
     * dyno was already seen up during the call, it ends at {@code floor}.
     */
    void callDone(String app, String dyno, long ledgerId, Instant settleBy, Instant floor) {
        int landed = jdbc.sql("UPDATE in_flight SET calling = FALSE, settle_floor = :floor, settle_by = :floor"
                        + " WHERE app = :app AND dyno = :dyno AND ledger_id = :ledger AND up_seen = TRUE")
                .param("floor", SqlTimestamps.of(floor)).param("app", app).param("dyno", dyno)
                .param("ledger", ledgerId).update();
        if (landed == 0) {
            jdbc.sql("UPDATE in_flight SET calling = FALSE, settle_by = :settle, settle_floor = :floor"
                            + " WHERE app = :app AND dyno = :dyno AND ledger_id = :ledger")
                    .param("settle", SqlTimestamps.of(settleBy)).param("floor", SqlTimestamps.of(floor))
                    .param("app", app).param("dyno", dyno).param("ledger", ledgerId).update();
        }
    }

    void endFlight(String app, String dyno, long ledgerId) {
        jdbc.sql("DELETE FROM in_flight WHERE app = :app AND dyno = :dyno AND ledger_id = :ledger")
                .param("app", app).param("dyno", dyno).param("ledger", ledgerId).update();
    }

    /**
     * The dyno reported {@code up} at {@code upAt}: a restart of it decided at or before then is over once its floor
     * has passed, or, while its call still runs, will be when the call completes. An up line from before the decision
     * is the dyno's previous start and ends nothing. Returns how many slots the line shortened.
     */
    int land(String app, String dyno, Instant upAt) {
        jdbc.sql("UPDATE in_flight SET up_seen = TRUE WHERE app = :app AND dyno = :dyno AND started_at <= :up"
                        + " AND calling = TRUE")
                .param("app", app).param("dyno", dyno).param("up", SqlTimestamps.of(upAt)).update();
        return jdbc.sql("UPDATE in_flight SET settle_by = COALESCE(settle_floor, started_at)"
                        + " WHERE app = :app AND dyno = :dyno AND started_at <= :up AND calling = FALSE"
                        + " AND COALESCE(settle_floor, started_at) < settle_by")
                .param("app", app).param("dyno", dyno).param("up", SqlTimestamps.of(upAt)).update();
    }
}
