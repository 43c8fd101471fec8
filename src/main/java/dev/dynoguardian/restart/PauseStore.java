package dev.dynoguardian.restart;

import dev.dynoguardian.system.SqlTimestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The pauses in force, shared by every guardian instance: the guardian's ({@link Pause#GLOBAL}) and each app's. */
@Repository
class PauseStore {

    private static final String PAUSE_COLUMNS = "SELECT scope, reason, paused_by, paused_at, until_at FROM guardian_pause";

    private final JdbcClient jdbc;

    PauseStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Pause> pause(String scope) {
        return jdbc.sql(PAUSE_COLUMNS + " WHERE scope = :scope").param("scope", scope).query(PauseStore::pause)
                .optional();
    }

    /**
     * Creates or replaces the scope's pause in one standard {@code MERGE} (H2 and PostgreSQL). PostgreSQL may still
     * report a duplicate key when another instance inserts the same scope at the same moment; the row then exists and
     * the second {@code MERGE} updates it.
     */
    void savePause(Pause p) {
        try {
            mergePause(p);
        } catch (DuplicateKeyException concurrentPause) {
            mergePause(p);
        }
    }

    private void mergePause(Pause p) {
        jdbc.sql("""
                MERGE INTO guardian_pause t
                USING (VALUES (CAST(:scope AS VARCHAR(100)), CAST(:reason AS VARCHAR(500)), CAST(:by AS VARCHAR(100)),
                               CAST(:at AS TIMESTAMP WITH TIME ZONE), CAST(:until AS TIMESTAMP WITH TIME ZONE)))
                      AS s (scope, reason, paused_by, paused_at, until_at)
                ON t.scope = s.scope
                WHEN MATCHED THEN UPDATE SET reason = s.reason, paused_by = s.paused_by, paused_at = s.paused_at,
                                             until_at = s.until_at
                WHEN NOT MATCHED THEN INSERT (scope, reason, paused_by, paused_at, until_at)
                                      VALUES (s.scope, s.reason, s.paused_by, s.paused_at, s.until_at)""")
                .param("scope", p.scope()).param("reason", p.reason()).param("by", p.pausedBy())
                .param("at", SqlTimestamps.of(p.pausedAt())).param("until", SqlTimestamps.of(p.until())).update();
    }

    boolean deletePause(String scope) {
        return jdbc.sql("DELETE FROM guardian_pause WHERE scope = :scope").param("scope", scope).update() > 0;
    }

    private static Pause pause(ResultSet rs, int row) throws SQLException {
        return new Pause(rs.getString("scope"), rs.getString("reason"), rs.getString("paused_by"),
                SqlTimestamps.read(rs, "paused_at"), SqlTimestamps.read(rs, "until_at"));
    }
}
