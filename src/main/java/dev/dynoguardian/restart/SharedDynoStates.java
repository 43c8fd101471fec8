package dev.dynoguardian.restart;

import dev.dynoguardian.drain.DrainBatch;
import dev.dynoguardian.drain.DrainListener;
import dev.dynoguardian.drain.DrainProperties;
import dev.dynoguardian.drain.DynoName;
import dev.dynoguardian.drain.FormationView;
import dev.dynoguardian.drain.FormationView.StateAt;
import dev.dynoguardian.drain.HerokuEvent;
import dev.dynoguardian.heroku.PlatformFormation;
import dev.dynoguardian.system.Background;
import dev.dynoguardian.system.GuardianProperties;
import dev.dynoguardian.system.SqlTimestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rule 4 across instances. Heroku spreads the drain's batches over the guardian's dynos, so each instance sees only
 * some {@code State changed} lines; a dyno that crashed in a batch another instance received is still down. Every
 * instance writes the state changes it sees to {@code dyno_state} off the request thread (at once, at most one pending
 * change per dyno; what could not be written is retried every second), and the capacity floor reads them back.
 * <p>
 * Drain input cannot poison it: only dynos the Platform API lists (in dry-run, those the formation view tracks: at most
 * {@code guardian.drain.max-dynos} per app) are shared, rows unused for {@code guardian.ledger.state-retention} are
 * pruned by the retention job, a line's own timestamp is never later than its arrival, a change that cannot be written
 * on its own because the database refuses it (not because the database is away) is dropped and logged rather than
 * retried for ever, and a decision only reads the table: what this instance has not written yet is merged in memory.
 */
@Component
class SharedDynoStates implements DrainListener, InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SharedDynoStates.class);
    private static final long FLUSH_MILLIS = 1_000;

    private final Map<String, Map<String, StateAt>> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final RestartStore store;
    private final PlatformFormation platform;
    private final FormationView formation;
    private final boolean dryRun;
    private final int maxDynos;
    private final Background flusher = Background.thread("guardian-dyno-states");

    SharedDynoStates(JdbcClient jdbc, TransactionTemplate tx, RestartStore store, PlatformFormation platform,
                     FormationView formation, GuardianProperties guardian, DrainProperties drain) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.store = store;
        this.platform = platform;
        this.formation = formation;
        this.dryRun = guardian.dryRun();
        this.maxDynos = drain.maxDynos();
    }

    @Override
    public void onBatch(DrainBatch batch) {
        boolean changed = false;
        Map<String, StateAt> app = null;
        for (HerokuEvent event : batch.events()) {
            if (event instanceof HerokuEvent.Lifecycle l && l.kind() == HerokuEvent.Lifecycle.Kind.STATE_CHANGED
                    && l.dyno() != null && l.to() != null && shared(batch.app(), l.dyno())) {
                app = app != null ? app : pending.computeIfAbsent(batch.app(), a -> new ConcurrentHashMap<>());
                if (app.size() < maxDynos || app.containsKey(l.dyno())) {
                    StateAt state = new StateAt(l.to(), Math.min(l.at(), batch.receivedAt()), batch.receivedAt());
                    app.merge(l.dyno(), state, (old, now) -> now.at() >= old.at() ? now : old);
                    changed = true;
                }
            }
        }
        if (changed && flushQueued.compareAndSet(false, true)) {
            flusher.execute(this::flushSafely);
        }
    }

    /** Only dynos the platform lists are shared; in dry-run, which lists nothing, those the formation view tracks. */
    private boolean shared(String app, String dyno) {
        return DynoName.isDyno(dyno) && (dryRun ? formation.seen(app, dyno) : platform.lists(app, dyno));
    }

    @Override
    public void afterPropertiesSet() {
        flusher.every(Duration.ofMillis(FLUSH_MILLIS), Duration.ofMillis(FLUSH_MILLIS), this::flushSafely);
    }

    @Override
    public void destroy() {
        flusher.stop();
        flushSafely();
    }

    /**
     * The app's dynos of one type whose last reported state arrived at or after {@code since}, as every instance saw
     * them, this instance's changes not written yet included; for each dyno the newest report wins.
     */
    Map<String, StateAt> states(String app, String type, Instant since) {
        Map<String, StateAt> states = new HashMap<>();
        jdbc.sql("SELECT dyno, state, changed_at, received_at FROM dyno_state WHERE app = :app"
                        + " AND process_type = :type AND received_at >= :since")
                .param("app", app).param("type", type).param("since", SqlTimestamps.of(since))
                .query(rs -> {
                    states.put(rs.getString("dyno"), new StateAt(rs.getString("state"),
                            SqlTimestamps.read(rs, "changed_at").toEpochMilli(),
                            SqlTimestamps.read(rs, "received_at").toEpochMilli()));
                });
        pending.getOrDefault(app, Map.of()).forEach((dyno, state) -> {
            if (DynoName.type(dyno).equals(type) && state.receivedAt() >= since.toEpochMilli()) {
                states.merge(dyno, state, (old, mine) -> mine.at() >= old.at() ? mine : old);
            }
        });
        return states;
    }

    private void flushSafely() {
        flushQueued.set(false);
        for (String app : List.copyOf(pending.keySet())) {
            Map<String, StateAt> changes = Map.copyOf(pending.getOrDefault(app, Map.of()));
            if (changes.isEmpty()) {
                continue;
            }
            try {
                tx.executeWithoutResult(status -> {
                    store.lockApp(app);
                    changes.forEach((dyno, state) -> upsert(app, dyno, state));
                });
                changes.forEach((dyno, state) -> pending.get(app).remove(dyno, state));
            } catch (RuntimeException e) {
                log.warn("could not share the dyno states of app {} at once, writing them one by one: {}", app,
                        e.toString());
                changes.forEach((dyno, state) -> writeAlone(app, dyno, state));
            }
        }
    }

    /**
     * Writes one change in its own transaction. One the database refuses is dropped, so it never blocks the rest; one
     * that failed for another reason (the database is away) stays pending and is tried again.
     */
    private void writeAlone(String app, String dyno, StateAt state) {
        try {
            tx.executeWithoutResult(status -> upsert(app, dyno, state));
        } catch (DataIntegrityViolationException refused) {
            log.error("dropping the state change app={} dyno={}: the database refuses it: {}", app, dyno,
                    refused.toString());
        } catch (RuntimeException e) {
            log.warn("could not share the state change app={} dyno={} yet, will retry: {}", app, dyno, e.toString());
            return;
        }
        pending.getOrDefault(app, Map.of()).remove(dyno, state);
    }

    private void upsert(String app, String dyno, StateAt state) {
        Instant at = Instant.ofEpochMilli(state.at());
        Instant received = Instant.ofEpochMilli(state.receivedAt());
        int updated = jdbc.sql("UPDATE dyno_state SET state = :state, changed_at = :at, received_at = :received"
                        + " WHERE app = :app AND dyno = :dyno AND changed_at <= :at")
                .param("state", state.state()).param("at", SqlTimestamps.of(at))
                .param("received", SqlTimestamps.of(received)).param("app", app).param("dyno", dyno).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO dyno_state (app, dyno, process_type, state, changed_at, received_at)"
                            + " SELECT :app, :dyno, :type, :state, :at, :received"
                            + " WHERE NOT EXISTS (SELECT 1 FROM dyno_state WHERE app = :app AND dyno = :dyno)")
                    .param("app", app).param("dyno", dyno).param("type", DynoName.type(dyno))
                    .param("state", state.state()).param("at", SqlTimestamps.of(at))
                    .param("received", SqlTimestamps.of(received)).update();
        }
    }
}
