package dev.dynoguardian.restart;

import dev.dynoguardian.system.SqlTimestamps;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The deletes of the retention job, in batches of {@value #BATCH} rows, each its own short transaction, so that a
 * table grown huge (a ledger that was never pruned) never holds its locks for long. Every batch names its rows by key
 * and repeats the age condition, so a row that changed meanwhile (a window restarted again) is not deleted.
 */
@Repository
class RetentionStore {

    static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    RetentionStore(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * Ledger rows decided before {@code cutoff}, oldest first, with the latency verifications that reference them.
     * A row still pending is kept: the sweep resolves it first.
     */
    int ledgerBefore(Instant cutoff) {
        int total = 0;
        while (true) {
            List<Long> ids = jdbc.sql("SELECT id FROM restart_ledger WHERE decided_at < :cutoff AND outcome <> :pending"
                            + " ORDER BY decided_at, id FETCH FIRST " + BATCH + " ROWS ONLY")
                    .param("cutoff", SqlTimestamps.of(cutoff)).param("pending", Outcome.PENDING.tag())
                    .query(Long.class).list();
            if (ids.isEmpty()) {
                return total;
            }
            tx.executeWithoutResult(status -> {
                jdbc.sql("DELETE FROM latency_verification WHERE ledger_id IN (:ids)").param("ids", ids).update();
                jdbc.sql("DELETE FROM restart_ledger WHERE id IN (:ids)").param("ids", ids).update();
            });
            total += ids.size();
            if (ids.size() < BATCH) {
                return total;
            }
        }
    }

    /** The policy's shared state and processes' heartbeats older than {@code cutoff}; slots expired by {@code now}. */
    int stateBefore(Instant cutoff, Instant now, String thisProcess) {
        Map<String, Object> old = Map.of("cutoff", SqlTimestamps.of(cutoff));
        return deleteInBatches("dyno_window", "app, dyno", "last_restart_at < :cutoff", old)
                + deleteInBatches("restarted_incarnation", "app, dyno, dyno_id", "requested_at < :cutoff", old)
                + deleteInBatches("dyno_state", "app, dyno", "received_at < :cutoff", old)
                + deleteInBatches("latency_streak", "app, process_type, dyno", "checked_at < :cutoff", old)
                + deleteInBatches("in_flight", "app, dyno", "settle_by < :now", Map.of("now", SqlTimestamps.of(now)))
                + deleteInBatches("guardian_process", "process", "heartbeat_at < :cutoff AND process <> :self",
                        Map.of("cutoff", SqlTimestamps.of(cutoff), "self", thisProcess));
    }

    private int deleteInBatches(String table, String key, String condition, Map<String, Object> params) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("DELETE FROM " + table + " WHERE " + condition + " AND (" + key + ") IN (SELECT " + key
                            + " FROM " + table + " WHERE " + condition + " FETCH FIRST " + BATCH + " ROWS ONLY)")
                    .params(params).update();
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}
