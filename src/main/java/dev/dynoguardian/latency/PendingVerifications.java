package dev.dynoguardian.latency;

import dev.dynoguardian.system.SqlTimestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The latency actions whose replacement is still to be judged, in {@code latency_verification}: the instance that
 * carried the action out records it, whichever instance runs the check judges it.
 */
@Repository
class PendingVerifications {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    PendingVerifications(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** A new action on the dyno: it replaces any action on the same dyno still waiting to be judged. */
    void add(LatencyVerifier.Pending p) {
        Grounds g = p.grounds();
        tx.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM latency_verification WHERE app = :app AND dyno = :dyno")
                    .param("app", p.app()).param("dyno", p.dyno()).update();
            jdbc.sql("""
                    INSERT INTO latency_verification (ledger_id, app, dyno, statistic, statistic_ms, threshold_ms,
                                                      error_rate, error_rate_threshold, acted_at, collecting)
                    VALUES (:id, :app, :dyno, :statistic, :statisticMs, :thresholdMs, :errorRate, :errorRateThreshold,
                            :at, :collecting)""")
                    .param("id", p.ledgerId()).param("app", p.app()).param("dyno", p.dyno())
                    .param("statistic", g.statistic().name()).param("statisticMs", orNull(g.statisticMs()))
                    .param("thresholdMs", orNull(g.thresholdMs())).param("errorRate", g.errorRate())
                    .param("errorRateThreshold", orNull(g.errorRateThreshold()))
                    .param("at", SqlTimestamps.of(p.actedAt())).param("collecting", p.collecting()).update();
        });
    }

    List<LatencyVerifier.Pending> of(String app) {
        return jdbc.sql("SELECT * FROM latency_verification WHERE app = :app ORDER BY ledger_id")
                .param("app", app).query(PendingVerifications::pending).list();
    }

    /** The replacement is up: its requests are now collected. */
    void collecting(long ledgerId) {
        jdbc.sql("UPDATE latency_verification SET collecting = TRUE WHERE ledger_id = :id").param("id", ledgerId)
                .update();
    }

    /** Judged: runs {@code verdict} (which records it on the ledger row) and drops the row, in one transaction. */
    void done(long ledgerId, Runnable verdict) {
        tx.executeWithoutResult(status -> {
            verdict.run();
            jdbc.sql("DELETE FROM latency_verification WHERE ledger_id = :id").param("id", ledgerId).update();
        });
    }

    private static LatencyVerifier.Pending pending(ResultSet rs, int row) throws SQLException {
        Grounds grounds = new Grounds(LatencyStatistic.valueOf(rs.getString("statistic")), read(rs, "statistic_ms"),
                read(rs, "threshold_ms"), rs.getDouble("error_rate"), read(rs, "error_rate_threshold"));
        return new LatencyVerifier.Pending(rs.getString("app"), rs.getString("dyno"), rs.getLong("ledger_id"),
                grounds, SqlTimestamps.read(rs, "acted_at"), rs.getBoolean("collecting"));
    }

    private static Double orNull(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static double read(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : value;
    }
}
