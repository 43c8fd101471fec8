package dev.dynoguardian.restart;

import dev.dynoguardian.restart.PolicyDecisions.Decided;
import dev.dynoguardian.system.GuardianProperties;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Records an outcome completely: its ledger row, its decision line ({@link DecisionLog}) and, where people are told,
 * its notification ({@link PolicyNotices}), so that no path writes the row and forgets the line or the notice. The
 * rows of the rules' own decisions are written inside the deciding transaction ({@link PolicyDecisions}); {@link
 * #ruled} adds their line and notice. Rows of finished calls go through {@link LedgerCompletions}, which retries them
 * until they land.
 */
@Component
class OutcomeRecorder {

    private final RestartLedger ledger;
    private final LedgerCompletions completions;
    private final DecisionLog decisionLog;
    private final PolicyNotices notices;
    private final String instance;

    OutcomeRecorder(RestartLedger ledger, LedgerCompletions completions, DecisionLog decisionLog,
                    PolicyNotices notices, GuardianProperties guardian) {
        this.ledger = ledger;
        this.completions = completions;
        this.decisionLog = decisionLog;
        this.notices = notices;
        this.instance = guardian.instance();
    }

    /** A request dropped without a decision of the rules (its evidence is gone, its dyno unlisted); its row's id. */
    long dropped(RestartRequest r, Rule rule, String detail, Instant now) {
        long id = ledger.record(r, rule, Outcome.SKIPPED, detail, instance, now);
        decisionLog.decided(r, Outcome.SKIPPED, rule, detail);
        return id;
    }

    /** The rules queued or skipped the request, and the deciding transaction wrote its row. */
    void ruled(RestartRequest r, RuleVerdict v) {
        if (v.kind() == RuleVerdict.Kind.QUEUE) {
            notices.queued(r, v.rule());
            decisionLog.decided(r, Outcome.QUEUED, v.rule(), v.detail());
        } else {
            decisionLog.decided(r, Outcome.SKIPPED, v.rule(), v.detail());
            notices.skipped(r, v);
        }
    }

    /** A dry-run action: the deciding transaction wrote its row; nothing is called. */
    void dryRun(RestartRequest r) {
        decisionLog.decided(r, Outcome.DRY_RUN, Rule.ALLOWED, "would " + r.action().tag());
        notices.acted(r, Outcome.DRY_RUN);
    }

    /** Heroku accepted the call at {@code at}; {@code alsoOnceWritten} runs right after the row is written. */
    void acted(RestartRequest r, Decided d, Instant at, Runnable alsoOnceWritten) {
        Outcome outcome = r.action() == DynoAction.STOP ? Outcome.STOPPED : Outcome.RESTARTED;
        completions.write(row(r, d, outcome), () -> {
            ledger.complete(d.ledgerId(), outcome, Rule.ALLOWED, "", at);
            alsoOnceWritten.run();
        });
        decisionLog.decided(r, outcome, Rule.ALLOWED, "");
        notices.acted(r, outcome);
    }

    /** The call was not sent and the request waits for {@code waitsFor}; see {@link #requeued}. */
    void notSent(RestartRequest r, Decided d, Rule waitsFor, String detail, Instant at) {
        completions.write(row(r, d, Outcome.QUEUED),
                () -> ledger.complete(d.ledgerId(), Outcome.QUEUED, waitsFor, detail, at));
        decisionLog.decided(r, Outcome.QUEUED, waitsFor, detail);
    }

    /** The queue took a request whose call was not sent: what waiting for {@code rule} tells people. */
    void requeued(RestartRequest r, Rule rule) {
        notices.queued(r, rule);
    }

    /** A request whose call was not sent found the app's queue full: its row becomes the skip. */
    void skippedInstead(RestartRequest r, Decided d, Rule rule, String detail, Instant now) {
        ledger.complete(d.ledgerId(), Outcome.SKIPPED, rule, detail, now);
        decisionLog.decided(r, Outcome.SKIPPED, rule, detail);
    }

    /** The API call failed. */
    void failed(RestartRequest r, Decided d, String error, Instant at) {
        completions.write(row(r, d, Outcome.FAILED),
                () -> ledger.complete(d.ledgerId(), Outcome.FAILED, Rule.API_ERROR, error, at));
        decisionLog.decided(r, Outcome.FAILED, Rule.API_ERROR, error);
        notices.failed(r, error);
    }

    private static String row(RestartRequest r, Decided d, Outcome outcome) {
        return "ledger row " + d.ledgerId() + " app=" + r.app() + " dyno=" + r.dyno() + " outcome=" + outcome.tag();
    }
}
