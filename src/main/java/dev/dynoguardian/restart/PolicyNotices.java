package dev.dynoguardian.restart;

import dev.dynoguardian.notify.Notification;
import dev.dynoguardian.notify.Notification.Kind;
import dev.dynoguardian.notify.Notifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;

/**
 * What the policy tells people, and how often: every action and failure; once per outage, hour or storm the
 * conditions that stop it acting (open circuit, budget, formation-wide pressure); "not helping" per flapping dyno.
 */
@Component
class PolicyNotices {

    private static final Duration STORM_QUIET = Duration.ofMinutes(30);

    private final Notifier notifier;
    private final Clock clock;
    private final Map<String, Instant> budgetNoticeAt = new ConcurrentHashMap<>();
    private final Map<String, Instant> formationWideAt = new ConcurrentHashMap<>();
    private final AtomicBoolean circuitNoticed = new AtomicBoolean();

    PolicyNotices(Notifier notifier, Clock clock) {
        this.notifier = notifier;
        this.clock = clock;
    }

    /** A planned restart is told of by its roll (started, finished, stopped), not one notification per dyno. */
    void acted(RestartRequest r, Outcome outcome) {
        circuitNoticed.set(false);
        if (!r.trigger().reactive()) {
            return;
        }
        String verb = switch (outcome) {
            case STOPPED -> "stopped";
            case DRY_RUN -> "would be " + (r.action() == DynoAction.STOP ? "stopped" : "restarted") + " (dry-run)";
            default -> "restarted";
        };
        Kind kind = outcome == Outcome.STOPPED ? Kind.STOPPED : outcome == Outcome.DRY_RUN ? Kind.DRY_RUN
                : Kind.RESTARTED;
        String wide = r.formationWide() ? "; formation-wide memory pressure on " + r.processType()
                + ": rolling restart, one dyno at a time" : "";
        send(kind, r, r.dyno() + " " + verb + ": " + describe(r) + wide);
    }

    void failed(RestartRequest r, String error) {
        send(Kind.FAILED, r, r.dyno() + " " + r.action().tag() + " failed: " + error + " (wanted for: " + describe(r)
                + "); its window is released so the next evidence tries again");
    }

    void queued(RestartRequest r, Rule rule) {
        if (rule == Rule.CIRCUIT_OPEN && circuitNoticed.compareAndSet(false, true)) {
            send(Kind.CIRCUIT_OPEN, r, "the Heroku API is failing (circuit breaker open): " + r.dyno()
                    + " and later requests are queued until it recovers");
        }
    }

    void skipped(RestartRequest r, RuleVerdict v) {
        if (v.rule() == Rule.FLAPPING) {
            send(Kind.NOT_HELPING, r, r.dyno() + " keeps needing restarts (" + describe(r) + "): restarting is not "
                    + "helping, so the guardian stops restarting it. " + v.detail());
        } else if (v.rule() == Rule.BUDGET && r.trigger().reactive()
                && onceIn(budgetNoticeAt, r.app(), Duration.ofHours(1))) {
            send(Kind.BUDGET_EXHAUSTED, r, "restart budget exhausted: " + v.detail() + "; " + r.dyno()
                    + " not restarted (" + describe(r) + ")");
        }
    }

    void formationWide(RestartRequest r) {
        if (r.formationWide() && onceIn(formationWideAt, r.app() + "/" + r.processType(), STORM_QUIET)) {
            send(Kind.FORMATION_WIDE, r, "formation-wide memory pressure on " + r.processType() + " (" + r.evidence()
                    + "): a leak shipped in a release? Rolling restart, one dyno at a time");
        }
    }

    void queuedTooLong(QueuedRequest q) {
        RestartRequest r = q.request();
        send(Kind.QUEUED_TOO_LONG, r, r.dyno() + " has waited since " + q.since() + " to be " + r.action().tag()
                + "ed (" + describe(r) + "): blocked by " + q.rule().tag());
    }

    private boolean onceIn(Map<String, Instant> last, String key, Duration period) {
        Instant now = clock.instant();
        Instant previous = last.get(key);
        if (previous != null && now.isBefore(previous.plus(period))) {
            return false;
        }
        last.put(key, now);
        return true;
    }

    private void send(Kind kind, RestartRequest r, String text) {
        notifier.notify(new Notification(kind, r.app(), r.dyno(), r.app() + ": " + text));
    }

    private static String describe(RestartRequest r) {
        String reason = r.reason().isEmpty() ? r.trigger().tag() : r.reason();
        return r.evidence().isEmpty() ? reason : r.evidence() + " (" + reason + ")";
    }
}
