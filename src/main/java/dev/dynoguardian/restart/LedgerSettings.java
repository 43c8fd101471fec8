package dev.dynoguardian.restart;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long the ledger and the policy's shared state are kept, and how a guardian process shows it is alive
 * ({@code guardian.ledger.*}). Guardian-wide: the tables are shared by every app.
 *
 * @param retention         ledger rows (with their latency verifications), and rolling restarts that ended, older than
 *                          this are deleted; at least a day, since the budget, the status pages and latency
 *                          verification read recent rows
 * @param stateRetention    windows whose last restart is older, restarted incarnations, dyno states and latency
 *                          streaks older than this, and processes silent this long, are deleted; it must cover what
 *                          every app's policy still reads (checked at start-up, see {@link LedgerRetention})
 * @param pruneInterval     how often the retention job runs (one instance at a time)
 * @param heartbeatInterval how often each guardian process refreshes its heartbeat
 * @param processTimeout    a process whose heartbeat is older is gone: its actions still pending are resolved
 *                          {@code unknown}; the sweep that does it runs this often. At least two heartbeats, so a
 *                          single late heartbeat never passes for a dead process
 */
@Validated
@ConfigurationProperties("guardian.ledger")
public record LedgerSettings(
        @DefaultValue("30d") Duration retention,
        @DefaultValue("2d") Duration stateRetention,
        @DefaultValue("1h") Duration pruneInterval,
        @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("30s") Duration processTimeout) {

    public LedgerSettings {
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("guardian.ledger.retention must be at least 1d, not " + retention
                    + ": the hourly budget, the status pages and latency verification read recent ledger rows");
        }
        positive(stateRetention, "state-retention");
        positive(pruneInterval, "prune-interval");
        positive(heartbeatInterval, "heartbeat-interval");
        if (processTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("guardian.ledger.process-timeout must be at least twice"
                    + " guardian.ledger.heartbeat-interval (" + heartbeatInterval + "), not " + processTimeout
                    + ": one late heartbeat must not pass for a dead process");
        }
    }

    private static void positive(Duration value, String name) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("guardian.ledger." + name + " must be positive, not " + value);
        }
    }
}
