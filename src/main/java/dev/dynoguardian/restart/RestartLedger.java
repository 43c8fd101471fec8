package dev.dynoguardian.restart;

import dev.dynoguardian.system.SqlTimestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The audit ledger: one row per decision, acted on or not, naming the guardian process that wrote it (so that a row
 * its process left pending can be told from one whose call is still running).
 */
@Repository
public class RestartLedger {

    private static final int MAX_EVIDENCE = 2000;
    /** How far back the dyno status looks for each dyno's last action, so the query reads a bounded range. */
    private static final Duration LAST_ACTION_LOOKBACK = Duration.ofDays(7);
    /** Rows resolved per sweep; more wait for the next one. */
    private static final int SWEEP_BATCH = 500;
    /**
     * Outcomes that spend the hourly budget: whatever was sent to Heroku or may have been. A failed call counts too,
     * so that evidence which keeps failing (a dyno name the API does not know, say) cannot call the API without end.
     */
    private static final String BUDGETED = "'pending', 'restarted', 'stopped', 'unknown', 'failed'";

    private final JdbcClient jdbc;
    private final GuardianProcess process;
    private final Clock clock;

    RestartLedger(JdbcClient jdbc, GuardianProcess process, Clock clock) {
        this.jdbc = jdbc;
        this.process = process;
        this.clock = clock;
    }

    long record(RestartRequest r, Rule rule, Outcome outcome, String detail, String instance, Instant at) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO restart_ledger (app, dyno, dyno_id, process_type, requested_by, action, reason, evidence,
                                            rule, outcome, detail, instance, process, decided_at)
                VALUES (:app, :dyno, :dynoId, :type, :by, :action, :reason, :evidence, :rule, :outcome, :detail,
                        :instance, :process, :at)""")
                .param("app", r.app()).param("dyno", r.dyno()).param("dynoId", r.incarnation())
                .param("type", r.processType()).param("by", r.trigger().tag()).param("action", r.action().tag())
                .param("reason", clip(r.reason(), 200)).param("evidence", clip(r.evidence(), MAX_EVIDENCE))
                .param("rule", rule.tag()).param("outcome", outcome.tag()).param("detail", clip(detail, MAX_EVIDENCE))
                .param("instance", instance).param("process", process.id()).param("at", SqlTimestamps.of(at))
                .update(key, "id");
        return key.getKeyAs(Number.class).longValue();
    }

    void complete(long id, Outcome outcome, Rule rule, String detail, Instant at) {
        jdbc.sql("UPDATE restart_ledger SET outcome = :outcome, rule = :rule, detail = :detail, completed_at = :at"
                        + " WHERE id = :id")
                .param("outcome", outcome.tag()).param("rule", rule.tag()).param("detail", clip(detail, MAX_EVIDENCE))
                .param("at", SqlTimestamps.of(at)).param("id", id).update();
    }

    /**
     * Records whether a latency action helped ({@code helped}, {@code did not help}, {@code unverified}), adding the
     * verification's detail after the row's own detail rather than replacing it.
     */
    public void verify(long id, String verification, String detail) {
        String added = clip(detail, MAX_EVIDENCE / 2);
        jdbc.sql("UPDATE restart_ledger SET verification = :v, detail = CASE WHEN detail IS NULL OR detail = ''"
                        + " THEN :added ELSE LEFT(detail, :room) || '; ' || :added END WHERE id = :id")
                .param("v", verification).param("added", added).param("room", MAX_EVIDENCE - 2 - added.length())
                .param("id", id).update();
    }

    /**
     * A pending row becomes {@code unknown}, unless its outcome was recorded meanwhile; true when this call resolved
     * it, so that only one instance tells people.
     */
    boolean resolveUnknown(long id, String detail, Instant at) {
        return jdbc.sql("UPDATE restart_ledger SET outcome = :outcome, detail = :detail, completed_at = :at"
                        + " WHERE id = :id AND outcome = :pending")
                .param("outcome", Outcome.UNKNOWN.tag()).param("detail", clip(detail, MAX_EVIDENCE))
                .param("at", SqlTimestamps.of(at)).param("id", id).param("pending", Outcome.PENDING.tag())
                .update() == 1;
    }

    /**
     * Rows still pending whose outcome nobody will record: written by another process with no heartbeat since
     * {@code aliveSince} (or none left at all), or, for rows from before processes were recorded, decided before
     * {@code callsOverBefore}. Oldest first, a bounded batch.
     */
    List<LedgerEntry> orphaned(Instant aliveSince, Instant callsOverBefore) {
        return jdbc.sql("SELECT * FROM restart_ledger l WHERE l.outcome = :pending"
                        + " AND ((l.process IS NULL AND l.decided_at < :callsOver)"
                        + " OR (l.process <> :self AND NOT EXISTS (SELECT 1 FROM guardian_process p"
                        + " WHERE p.process = l.process AND p.heartbeat_at >= :alive)))"
                        + " ORDER BY l.decided_at, l.id FETCH FIRST " + SWEEP_BATCH + " ROWS ONLY")
                .param("pending", Outcome.PENDING.tag()).param("callsOver", SqlTimestamps.of(callsOverBefore))
                .param("self", process.id()).param("alive", SqlTimestamps.of(aliveSince))
                .query(RestartLedger::entry).list();
    }

    /**
     * Actions that count against a budget: sent, under way, or of unknown outcome, since the given time; the
     * {@code reactive} ones (every trigger but {@code planned}) for the hourly budget, else the planned ones.
     */
    int actionsSince(String app, Instant since, boolean reactive) {
        return jdbc.sql("SELECT COUNT(*) FROM restart_ledger WHERE app = :app AND decided_at > :since"
                        + " AND outcome IN (" + BUDGETED + ") AND requested_by " + (reactive ? "<>" : "=") + " :planned")
                .param("app", app).param("since", SqlTimestamps.of(since))
                .param("planned", Trigger.PLANNED.tag()).query(Integer.class).single();
    }

    /** The dyno's entries decided at or after {@code since} by the given trigger, oldest first (a bounded range). */
    public List<LedgerEntry> since(String app, String dyno, Trigger trigger, Instant since) {
        return jdbc.sql("SELECT * FROM restart_ledger WHERE app = :app AND dyno = :dyno AND requested_by = :by"
                        + " AND decided_at >= :since ORDER BY decided_at, id FETCH FIRST 50 ROWS ONLY")
                .param("app", app).param("dyno", dyno).param("by", trigger.tag())
                .param("since", SqlTimestamps.of(since)).query(RestartLedger::entry).list();
    }

    /** The newest entries first; all apps when {@code app} is null. */
    public List<LedgerEntry> recent(String app, int limit) {
        String where = app == null ? "" : " WHERE app = :app";
        JdbcClient.StatementSpec spec = jdbc.sql("SELECT * FROM restart_ledger" + where
                + " ORDER BY decided_at DESC, id DESC FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY");
        if (app != null) {
            spec = spec.param("app", app);
        }
        return spec.query(RestartLedger::entry).list();
    }

    /** The app's entries decided after {@code since} with one of the {@code outcomes}, newest first, at most {@code max}. */
    public List<LedgerEntry> since(String app, Instant since, List<Outcome> outcomes, int max) {
        return jdbc.sql("SELECT * FROM restart_ledger WHERE app = :app AND decided_at > :since"
                        + " AND outcome IN (:outcomes) ORDER BY decided_at DESC, id DESC FETCH FIRST " + Math.max(1, max) + " ROWS ONLY")
                .param("app", app).param("since", SqlTimestamps.of(since))
                .param("outcomes", outcomes.stream().map(Outcome::tag).toList()).query(RestartLedger::entry).list();
    }

    /** Each dyno's newest entry for the app within {@link #LAST_ACTION_LOOKBACK}, by dyno name. */
    public Map<String, LedgerEntry> latestPerDyno(String app) {
        Map<String, LedgerEntry> out = new LinkedHashMap<>();
        jdbc.sql("SELECT * FROM restart_ledger WHERE id IN (SELECT MAX(id) FROM restart_ledger WHERE app = :app"
                        + " AND decided_at >= :since GROUP BY dyno) ORDER BY dyno")
                .param("app", app).param("since", SqlTimestamps.of(clock.instant().minus(LAST_ACTION_LOOKBACK)))
                .query(RestartLedger::entry).list().forEach(e -> out.put(e.dyno(), e));
        return out;
    }

    /** Actions of the app that count against the budget in the last hour, for status pages. */
    public int actionsInLastHour(String app, Instant now) {
        return actionsSince(app, now.minusSeconds(3600), true);
    }

    private static LedgerEntry entry(ResultSet rs, int row) throws SQLException {
        return new LedgerEntry(rs.getLong("id"), rs.getString("app"), rs.getString("dyno"), rs.getString("dyno_id"),
                rs.getString("process_type"), rs.getString("requested_by"), rs.getString("action"),
                rs.getString("reason"), rs.getString("evidence"), rs.getString("rule"), rs.getString("outcome"),
                rs.getString("detail"), rs.getString("verification"), rs.getString("instance"),
                rs.getString("process"), SqlTimestamps.read(rs, "decided_at"), SqlTimestamps.read(rs, "completed_at"));
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
