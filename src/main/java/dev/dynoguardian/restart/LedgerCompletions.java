package dev.dynoguardian.restart;

import dev.dynoguardian.system.Background;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Writes that record how an action ended, which must land although the database is unavailable for a moment: what
 * Heroku did has happened either way, and the ledger must end up saying so, not "failed". Each write is tried at once
 * on the caller's thread; one that fails is logged at ERROR and retried on a thread of its own, waiting 1 s, doubling
 * to 1 min, for about an hour. Until it lands the row stays {@code pending}, which keeps its window and counts
 * against the budget; should this process die meanwhile, another instance resolves the row {@code unknown}.
 * {@code guardian.ledger.completions.waiting} counts the writes waiting.
 */
@Component
class LedgerCompletions implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LedgerCompletions.class);
    private static final long FIRST_WAIT_MILLIS = 1_000;
    private static final long LONGEST_WAIT_MILLIS = 60_000;
    private static final int ATTEMPTS = 64;

    private final Queue<Write> waiting = new ConcurrentLinkedQueue<>();
    private final Background retries = Background.thread("guardian-ledger-retry");

    LedgerCompletions(MeterRegistry meters) {
        Gauge.builder("guardian.ledger.completions.waiting", waiting, Queue::size)
                .description("ledger writes of finished actions waiting for the database, retried with back-off")
                .register(meters);
    }

    /** One write, described for the logs (which ledger row, what it should say). */
    private record Write(String what, Runnable write) {
    }

    /** Runs the write now; if it fails, logs an ERROR and retries it with back-off until it lands or time is up. */
    void write(String what, Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            log.error("ledger write failed: {}: {}; what the row should say stands, the write is retried with back-off",
                    what, e.toString());
            Write w = new Write(what, write);
            waiting.add(w);
            retries.after(Duration.ofMillis(FIRST_WAIT_MILLIS), () -> retry(w, 1));
        }
    }

    private void retry(Write w, int attempt) {
        try {
            w.write().run();
            waiting.remove(w);
            log.warn("ledger write landed after {} retries: {}", attempt, w.what());
        } catch (RuntimeException e) {
            if (attempt >= ATTEMPTS) {
                waiting.remove(w);
                log.error("ledger write given up after {} retries: {}: {}; the row stays pending until this instance"
                        + " stops, then it is resolved unknown", attempt, w.what(), e.toString());
                return;
            }
            long wait = Math.min(LONGEST_WAIT_MILLIS, FIRST_WAIT_MILLIS << Math.min(attempt, 16));
            retries.after(Duration.ofMillis(wait), () -> retry(w, attempt + 1));
        }
    }

    /** Tries each write still waiting once more; what still fails is left for the sweep of another instance. */
    @Override
    public void destroy() {
        retries.stop();
        for (Write w = waiting.poll(); w != null; w = waiting.poll()) {
            try {
                w.write().run();
            } catch (RuntimeException e) {
                log.error("ledger write lost at shutdown: {}: {}; the row stays pending and is resolved unknown",
                        w.what(), e.toString());
            }
        }
    }
}
