package dev.dynoguardian.restart;

import dev.dynoguardian.system.Background;
import dev.dynoguardian.system.GuardianProperties;
import dev.dynoguardian.system.SqlTimestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * This guardian process and its heartbeat row in {@code guardian_process}. The id is random per JVM, so neither a
 * restarted instance nor the old and new dyno side by side during preboot (same {@code guardian.instance-id}) passes
 * for the other; the instance id stays next to it for people. Ledger rows name the process that wrote them, and a
 * row left pending by a process whose heartbeat stopped is one nobody will complete ({@link LedgerSweep}).
 *
 * <p>The row is written while the context starts, before the ledger (which depends on this bean) can write a row of
 * this process; it is refreshed every heartbeat-interval on a thread of its own, never a request's, and removed when
 * the process stops cleanly, so a clean stop is noticed at once. Times come from the injected clock, like the
 * ledger's.
 */
@Component
class GuardianProcess implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(GuardianProcess.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final String id;
    private final String instance;
    private final Instant startedAt;
    private final long intervalMillis;
    private final Background heartbeat = Background.thread("guardian-heartbeat");

    GuardianProcess(JdbcClient jdbc, GuardianProperties guardian, LedgerSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        String name = guardian.instance();
        this.instance = name.substring(0, Math.min(name.length(), 80));
        this.id = instance + "#" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        this.startedAt = clock.instant();
        this.intervalMillis = settings.heartbeatInterval().toMillis();
    }

    /** This process: its instance id, {@code #}, and 16 random hex digits. */
    String id() {
        return id;
    }

    /** Fails the start-up if the row cannot be written: a process without one would look dead to every other. */
    @Override
    public void afterPropertiesSet() {
        insert(startedAt);
        heartbeat.every(Duration.ofMillis(intervalMillis), Duration.ofMillis(intervalMillis), this::beat);
    }

    /** Refreshes the row, and puts it back if the retention job removed it while this process could not write. */
    private void beat() {
        Instant now = clock.instant();
        try {
            int updated = jdbc.sql("UPDATE guardian_process SET heartbeat_at = :now WHERE process = :id")
                    .param("now", SqlTimestamps.of(now)).param("id", id).update();
            if (updated == 0) {
                insert(now);
            }
        } catch (RuntimeException e) {
            log.warn("heartbeat of process {} not written: {}; past guardian.ledger.process-timeout other instances"
                    + " resolve its pending actions as unknown", id, e.toString());
        }
    }

    private void insert(Instant now) {
        jdbc.sql("INSERT INTO guardian_process (process, instance, started_at, heartbeat_at)"
                        + " VALUES (:id, :instance, :started, :now)")
                .param("id", id).param("instance", instance).param("started", SqlTimestamps.of(startedAt))
                .param("now", SqlTimestamps.of(now)).update();
    }

    @Override
    public void destroy() {
        heartbeat.stop();
        try {
            jdbc.sql("DELETE FROM guardian_process WHERE process = :id").param("id", id).update();
        } catch (RuntimeException e) {
            log.warn("heartbeat of process {} not removed at shutdown: {}; it is treated as gone once it is older than"
                    + " guardian.ledger.process-timeout", id, e.toString());
        }
    }
}
