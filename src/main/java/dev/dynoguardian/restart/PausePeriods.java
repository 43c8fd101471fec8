package dev.dynoguardian.restart;

import dev.dynoguardian.system.SqlTimestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Every pause and its end, in the database (so every instance, and a restarted guardian, sees the same periods), for
 * the history charts. Periods that ended more than {@link #KEPT} ago are deleted when a new one starts.
 */
@Component
public class PausePeriods {

    /** How long ended periods are kept. */
    static final Duration KEPT = Duration.ofDays(7);
    private static final int MAX_PERIODS = 200;

    /**
     * A pause of the whole guardian ({@code global}) or of the app, from {@code from} to {@code to} (null: not over).
     */
    public record Period(String scope, String reason, String pausedBy, Instant from, Instant to) {
    }

    private final JdbcClient jdbc;

    PausePeriods(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A pause began; it ends any open period of its scope (a new pause replaces the old one). */
    void started(Pause p) {
        end(p.scope(), p.pausedBy(), p.pausedAt());
        jdbc.sql("DELETE FROM pause_period WHERE ended_at < :old OR until_at < :old")
                .param("old", SqlTimestamps.of(p.pausedAt().minus(KEPT))).update();
        jdbc.sql("INSERT INTO pause_period (scope, reason, paused_by, started_at, until_at)"
                        + " VALUES (:scope, :reason, :by, :at, :until)")
                .param("scope", p.scope()).param("reason", p.reason()).param("by", p.pausedBy())
                .param("at", SqlTimestamps.of(p.pausedAt())).param("until", SqlTimestamps.of(p.until())).update();
    }

    /** The scope's open period ends at {@code at} (unless its expiry came first). */
    void end(String scope, String by, Instant at) {
        jdbc.sql("UPDATE pause_period SET ended_at = :at, ended_by = :by WHERE scope = :scope AND ended_at IS NULL"
                        + " AND (until_at IS NULL OR until_at > :at)")
                .param("scope", scope).param("by", by).param("at", SqlTimestamps.of(at)).update();
    }

    /** The periods that held {@code app} (its own and the guardian's) at some time after {@code since}, oldest first. */
    public List<Period> overlapping(String app, Instant since) {
        return jdbc.sql("SELECT scope, reason, paused_by, started_at, until_at, ended_at FROM pause_period"
                        + " WHERE scope IN (:app, :global)"
                        + " AND (ended_at IS NULL OR ended_at > :since) AND (until_at IS NULL OR until_at > :since)"
                        + " ORDER BY started_at FETCH FIRST " + MAX_PERIODS + " ROWS ONLY")
                .param("app", app).param("global", Pause.GLOBAL).param("since", SqlTimestamps.of(since))
                .query((rs, row) -> {
                    Instant until = SqlTimestamps.read(rs, "until_at");
                    Instant ended = SqlTimestamps.read(rs, "ended_at");
                    Instant to = ended == null ? until : until == null || ended.isBefore(until) ? ended : until;
                    return new Period(Pause.GLOBAL.equals(rs.getString("scope")) ? "global" : "app",
                            rs.getString("reason"), rs.getString("paused_by"), SqlTimestamps.read(rs, "started_at"),
                            to);
                }).list();
    }
}
