package dev.dynoguardian.restart;

import dev.dynoguardian.drain.DrainBatch;
import dev.dynoguardian.drain.DrainListener;
import dev.dynoguardian.drain.DynoName;
import dev.dynoguardian.drain.FormationView.StateAt;
import dev.dynoguardian.drain.HerokuEvent;
import dev.dynoguardian.system.DaemonThreads;
import dev.dynoguardian.system.SqlTimestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rule 4 across instances. Heroku spreads the drain's batches over the guardian's dynos, so each instance sees only
 * some {@code State changed} lines; a dyno that crashed in a batch another instance received is still down. Every
 * instance writes the state changes it sees to {@code dyno_state} (off the request thread, at once, at most one pending
 * change per dyno; what could not be written is retried every second and before each decision), and the capacity
 * floor reads them back.
 */
@Component
class SharedDynoStates implements DrainListener, InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SharedDynoStates.class);
    private static final long FLUSH_MILLIS = 1_000;

    private final Map<Key, StateAt> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final RestartStore store;
    private final ScheduledExecutorService flusher =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("guardian-dyno-states"));

    SharedDynoStates(JdbcClient jdbc, TransactionTemplate tx, RestartStore store) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.store = store;
    }

    private record Key(String app, String dyno) {
    }

    @Override
    public void onBatch(DrainBatch batch) {
        boolean changed = false;
        for (HerokuEvent event : batch.events()) {
            if (event instanceof HerokuEvent.Lifecycle l && l.kind() == HerokuEvent.Lifecycle.Kind.STATE_CHANGED
                    && l.dyno() != null && l.to() != null) {
                pending.merge(new Key(batch.app(), l.dyno()), new StateAt(l.to(), l.at()),
                        (old, now) -> now.at() >= old.at() ? now : old);
                changed = true;
            }
        }
        if (changed && flushQueued.compareAndSet(false, true)) {
            flusher.execute(this::flushSafely);
        }
    }

    @Override
    public void afterPropertiesSet() {
        flusher.scheduleWithFixedDelay(this::flushSafely, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        flusher.shutdownNow();
        flushSafely();
    }

    /**
     * The app's dynos of one type whose last reported state changed at or after {@code since}, as every instance saw
     * them. Writes this instance's pending changes for the app first; call it inside the decision's transaction, which
     * holds the app's lock.
     */
    Map<String, StateAt> states(String app, String type, Instant since) {
        write(app);
        Map<String, StateAt> states = new HashMap<>();
        jdbc.sql("SELECT dyno, state, changed_at FROM dyno_state WHERE app = :app AND process_type = :type"
                        + " AND changed_at >= :since")
                .param("app", app).param("type", type).param("since", SqlTimestamps.of(since))
                .query(rs -> {
                    states.put(rs.getString("dyno"), new StateAt(rs.getString("state"),
                            SqlTimestamps.read(rs, "changed_at").toEpochMilli()));
                });
        return states;
    }

    private void flushSafely() {
        flushQueued.set(false);
        try {
            pending.keySet().stream().map(Key::app).distinct().toList()
                    .forEach(app -> tx.executeWithoutResult(status -> {
                        store.lockApp(app);
                        write(app);
                    }));
        } catch (RuntimeException e) {
            log.warn("could not share dyno states yet, will retry: {}", e.toString());
        }
    }

    /**
     * Writes the app's pending changes in the current transaction; they leave the pending map only once it commits,
     * unless a newer change for the same dyno replaced them meanwhile.
     */
    private void write(String app) {
        List<Map.Entry<Key, StateAt>> written = new ArrayList<>();
        for (Map.Entry<Key, StateAt> e : pending.entrySet()) {
            if (e.getKey().app().equals(app)) {
                upsert(e.getKey(), e.getValue());
                written.add(Map.entry(e.getKey(), e.getValue()));
            }
        }
        if (!written.isEmpty()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    written.forEach(e -> pending.remove(e.getKey(), e.getValue()));
                }
            });
        }
    }

    private void upsert(Key key, StateAt state) {
        int updated = jdbc.sql("UPDATE dyno_state SET state = :state, changed_at = :at"
                        + " WHERE app = :app AND dyno = :dyno AND changed_at <= :at")
                .param("state", state.state()).param("at", SqlTimestamps.of(Instant.ofEpochMilli(state.at())))
                .param("app", key.app()).param("dyno", key.dyno()).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO dyno_state (app, dyno, process_type, state, changed_at)"
                            + " SELECT :app, :dyno, :type, :state, :at"
                            + " WHERE NOT EXISTS (SELECT 1 FROM dyno_state WHERE app = :app AND dyno = :dyno)")
                    .param("app", key.app()).param("dyno", key.dyno()).param("type", DynoName.type(key.dyno()))
                    .param("state", state.state()).param("at", SqlTimestamps.of(Instant.ofEpochMilli(state.at())))
                    .update();
        }
    }
}
