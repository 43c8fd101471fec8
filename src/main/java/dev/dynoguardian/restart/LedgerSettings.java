package dev.dynoguardian.restart;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a guardian process shows it is alive ({@code guardian.ledger.*}, guardian-wide).
 *
 * @param heartbeatInterval how often each guardian process refreshes its heartbeat
 * @param processTimeout    a process whose heartbeat is older is gone: its actions still pending are resolved
 *                          {@code unknown}; the sweep that does it runs this often. At least two heartbeats, so a
 *                          single late heartbeat never passes for a dead process
 */
@Validated
@ConfigurationProperties("guardian.ledger")
record LedgerSettings(
        @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("30s") Duration processTimeout) {

    LedgerSettings {
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
