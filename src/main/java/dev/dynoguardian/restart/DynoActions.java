package dev.dynoguardian.restart;

import dev.dynoguardian.heroku.FailureKind;
import dev.dynoguardian.heroku.HerokuApiException;
import dev.dynoguardian.heroku.HerokuClient;
import dev.dynoguardian.restart.PolicyDecisions.Decided;
import dev.dynoguardian.system.Background;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Carries out decided actions through the Heroku API on a small pool of its own, so a slow or failing API never holds
 * up decisions, and records how each ended. Only a failure of the API call itself is {@code failed}, releasing what
 * the action reserved so fresh evidence tries again; once Heroku has accepted the call the dyno was acted on, so a
 * database that then fails to take the outcome changes nothing that was decided: the decision line and notification
 * say what Heroku did, nothing is released, and the {@link OutcomeRecorder} retries the write until it lands.
 */
@Component
class DynoActions implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DynoActions.class);

    private final HerokuClient heroku;
    private final PolicyDecisions decisions;
    private final OutcomeRecorder recorder;
    private final Clock clock;
    private final Background pool = Background.pool("guardian-action", 2);

    DynoActions(HerokuClient heroku, PolicyDecisions decisions, OutcomeRecorder recorder, Clock clock) {
        this.heroku = heroku;
        this.decisions = decisions;
        this.recorder = recorder;
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
            recorder.dryRun(r);
            return;
        }
        pool.execute(() -> done.accept(call(r, d)));
    }

    private Result call(RestartRequest r, Decided d) {
        try {
            if (r.action() == DynoAction.STOP) {
                heroku.stopDyno(r.app(), r.dyno());
            } else {
                heroku.restartDyno(r.app(), r.dyno());
            }
        } catch (HerokuApiException e) {
            return e.notSent() ? notSent(r, d, e) : failed(r, d, e.getMessage());
        } catch (RuntimeException e) {
            return failed(r, d, "unexpected error: " + e);
        }
        Instant at = clock.instant();
        recorder.acted(r, d, at, () -> decisions.callDone(r, d, at));
        return Result.DONE;
    }

    /**
     * Nothing was sent: the reservations go and the request waits in the queue. Should they not go (the database is
     * down too), waiting would only meet its own window, so the action fails instead.
     */
    private Result notSent(RestartRequest r, Decided d, HerokuApiException e) {
        if (!released(r, d)) {
            return recordFailure(r, d, "not sent (" + e.getMessage() + ") and not queued: its reservations could not"
                    + " be released");
        }
        Result result = e.kind() == FailureKind.CIRCUIT_OPEN ? Result.CIRCUIT_OPEN : Result.RATE_LIMITED;
        recorder.notSent(r, d, result.waitsFor, e.getMessage(), clock.instant());
        return result;
    }

    private Result failed(RestartRequest r, Decided d, String error) {
        released(r, d);
        return recordFailure(r, d, error);
    }

    private Result recordFailure(RestartRequest r, Decided d, String error) {
        recorder.failed(r, d, error, clock.instant());
        return Result.FAILED;
    }

    /**
     * Releases the window, incarnation and slot once, never retried: a late release could undo what a newer decision
     * reserved for the same dyno. Unreleased, they simply hold until they expire.
     */
    private boolean released(RestartRequest r, Decided d) {
        try {
            decisions.release(r, d);
            return true;
        } catch (RuntimeException e) {
            log.error("could not release what ledger row {} reserved for app={} dyno={}: {}; its window holds until it"
                    + " passes", d.ledgerId(), r.app(), r.dyno(), e.toString());
            return false;
        }
    }

    @Override
    public void destroy() {
        pool.stop();
    }
}
