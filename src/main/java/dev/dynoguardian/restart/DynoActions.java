package dev.dynoguardian.restart;

import dev.dynoguardian.system.DaemonThreads;
import dev.dynoguardian.heroku.HerokuApiException;
import dev.dynoguardian.heroku.HerokuClient;
import dev.dynoguardian.restart.PolicyDecisions.Decided;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Carries out decided actions through the Heroku API on a small pool of its own, so a slow or failing API never holds
 * up decisions, and records how each ended. A failed action releases what it reserved so fresh evidence tries again.
 */
@Component
class DynoActions implements DisposableBean {

    private final HerokuClient heroku;
    private final RestartLedger ledger;
    private final PolicyDecisions decisions;
    private final PolicyNotices notices;
    private final DecisionLog decisionLog;
    private final Clock clock;
    private final ExecutorService pool =
            Executors.newFixedThreadPool(2, DaemonThreads.named("guardian-action"));

    DynoActions(HerokuClient heroku, RestartLedger ledger, PolicyDecisions decisions, PolicyNotices notices,
                DecisionLog decisionLog, Clock clock) {
        this.heroku = heroku;
        this.ledger = ledger;
        this.decisions = decisions;
        this.notices = notices;
        this.decisionLog = decisionLog;
        this.clock = clock;
    }

    /** How an action ended. */
    enum Result {
        DONE(null),
        /** The call failed; the action is recorded as failed and its reservations released. */
        FAILED(null),
        /** The circuit breaker opened before the call could be made: nothing was sent, the request should wait. */
        CIRCUIT_OPEN(Rule.CIRCUIT_OPEN),
        /** Heroku's 429 holds calls (or the guardian's own rate limit is spent): nothing was sent, it should wait. */
        RATE_LIMITED(Rule.RATE_LIMITED);

        /** What a request whose call was not sent waits for; null when the call was made. */
        final Rule waitsFor;

        Result(Rule waitsFor) {
            this.waitsFor = waitsFor;
        }
    }

    /** Calls the API for an ACT decision (nothing for dry-run), then {@code done} with how it ended. */
    void carryOut(RestartRequest r, Decided d, Consumer<Result> done) {
        if (d.outcome() == Outcome.DRY_RUN) {
            decisionLog.decided(r, Outcome.DRY_RUN, Rule.ALLOWED, "would " + r.action().tag());
            notices.acted(r, Outcome.DRY_RUN);
            return;
        }
        pool.execute(() -> done.accept(call(r, d)));
    }

    private Result call(RestartRequest r, Decided d) {
        try {
            return attempt(r, d);
        } catch (RuntimeException e) {
            String detail = "unexpected error: " + e;
            decisionLog.decided(r, Outcome.FAILED, Rule.API_ERROR, detail);
            try {
                decisions.release(r, d);
                ledger.complete(d.ledgerId(), Outcome.FAILED, Rule.API_ERROR, detail, clock.instant());
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            notices.failed(r, detail);
            return Result.FAILED;
        }
    }

    private Result attempt(RestartRequest r, Decided d) {
        try {
            if (r.action() == DynoAction.STOP) {
                heroku.stopDyno(r.app(), r.dyno());
            } else {
                heroku.restartDyno(r.app(), r.dyno());
            }
        } catch (HerokuApiException e) {
            decisions.release(r, d);
            if (e.notSent()) {
                Result result = HerokuApiException.CIRCUIT_OPEN.equals(e.kind()) ? Result.CIRCUIT_OPEN
                        : Result.RATE_LIMITED;
                ledger.complete(d.ledgerId(), Outcome.QUEUED, result.waitsFor, e.getMessage(), clock.instant());
                decisionLog.decided(r, Outcome.QUEUED, result.waitsFor, e.getMessage());
                return result;
            }
            ledger.complete(d.ledgerId(), Outcome.FAILED, Rule.API_ERROR, e.getMessage(), clock.instant());
            decisionLog.decided(r, Outcome.FAILED, Rule.API_ERROR, e.getMessage());
            notices.failed(r, e.getMessage());
            return Result.FAILED;
        }
        Outcome outcome = r.action() == DynoAction.STOP ? Outcome.STOPPED : Outcome.RESTARTED;
        Instant done = clock.instant();
        decisions.callDone(r, d, done);
        ledger.complete(d.ledgerId(), outcome, Rule.ALLOWED, "", done);
        decisionLog.decided(r, outcome, Rule.ALLOWED, "");
        notices.acted(r, outcome);
        return Result.DONE;
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}
