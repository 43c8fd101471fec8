package dev.dynoguardian.rolling;

import dev.dynoguardian.heroku.PlatformFormation.PlatformDyno;
import dev.dynoguardian.latency.LatencyHealth.RouterErrors;
import dev.dynoguardian.restart.LedgerEntry;
import dev.dynoguardian.restart.Outcome;
import dev.dynoguardian.restart.PolicyResult;
import dev.dynoguardian.restart.RestartLedger;
import dev.dynoguardian.restart.RestartPolicy;
import dev.dynoguardian.restart.RestartRequest;
import dev.dynoguardian.restart.Rule;
import dev.dynoguardian.restart.Trigger;
import dev.dynoguardian.rolling.Roll.RollDyno;
import dev.dynoguardian.rolling.RollChecks.Replacement;
import dev.dynoguardian.rolling.RollStore.Planned;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Moves a running roll on by one step: plan it, ask the RestartPolicy for the next dyno (a {@code planned} request),
 * follow that dyno's restart in the ledger and the Platform API's list until {@link RollChecks} finds its
 * replacement up and healthy, or end the roll. Every step starts from what the database and the Platform API say, never from memory, so a roll carries on
 * where it was after a guardian restart or on another instance: a dyno asked for before is followed, not asked for
 * again, unless the ledger shows its request never reached a queue that still exists.
 */
@Component
class RollSteps {

    private static final String HEALTHY = "healthy";
    private static final String UNHEALTHY = "unhealthy";

    private final RollStore store;
    private final RollFormation formation;
    private final RestartPolicy policy;
    private final RestartLedger ledger;
    private final RollChecks checks;
    private final RollNotices notices;
    private final RollingApps apps;
    private final Clock clock;

    RollSteps(RollStore store, RollFormation formation, RestartPolicy policy, RestartLedger ledger,
              RollChecks checks, RollNotices notices, RollingApps apps, Clock clock) {
        this.store = store;
        this.formation = formation;
        this.policy = policy;
        this.ledger = ledger;
        this.checks = checks;
        this.notices = notices;
        this.apps = apps;
        this.clock = clock;
    }

    void advance(Roll roll) {
        Instant now = clock.instant();
        if (roll.plannedAt() == null) {
            if (now.isAfter(roll.deadline())) {
                end(roll, RollState.ABANDONED, "deadline " + roll.deadline() + " passed before the Platform API listed"
                        + " the dynos to plan the roll");
            } else {
                plan(roll, now);
            }
            return;
        }
        RollingSettings s = apps.of(roll.app()).settings();
        Optional<String> errors = checks.errorRateRose(roll, s);
        if (errors.isPresent()) {
            end(roll, RollState.STOPPED, errors.get());
            return;
        }
        Optional<RollDyno> current = roll.first(DynoProgress.RESTARTING);
        if (current.isPresent()) {
            follow(roll, current.get(), s, now);
            return;
        }
        Optional<RollDyno> next = roll.first(DynoProgress.WAITING);
        if (next.isEmpty()) {
            end(roll, RollState.FINISHED, summary(roll));
        } else if (now.isAfter(roll.deadline())) {
            abandon(roll);
        } else {
            begin(roll, next.get(), now);
        }
    }

    /** Past the deadline no dyno is restarted any more: a request still queued is dropped by the policy. */
    private void abandon(Roll roll) {
        end(roll, RollState.ABANDONED, "deadline " + roll.deadline() + " passed with "
                + roll.dynos().stream().filter(d -> !d.status().done()).count() + " dyno(s) not restarted; "
                + summary(roll));
    }

    private void plan(Roll roll, Instant now) {
        List<PlatformDyno> dynos = formation.dynos(roll.app(), roll.dynoTypes(), true);
        List<Planned> plan = new ArrayList<>();
        for (PlatformDyno d : dynos) {
            Optional<String> skip = RollFormation.skipReason(d, roll.skipYoungerThan(), now);
            plan.add(new Planned(d.name(), d.type(), skip.isPresent() ? DynoProgress.SKIPPED : DynoProgress.WAITING,
                    skip.orElse(null)));
        }
        RouterErrors base = checks.routerErrors(roll.app(), dynos);
        store.plan(roll.id(), plan, base.requests(), base.errors(), now);
        long skipped = plan.stream().filter(p -> p.status() == DynoProgress.SKIPPED).count();
        notices.started(roll, (int) (plan.size() - skipped), (int) skipped);
    }

    /** The next dyno's turn: skipped if it is no longer listed, not up or fresh; else asked of the policy. */
    private void begin(Roll roll, RollDyno d, Instant now) {
        Optional<PlatformDyno> listed = formation.dynos(roll.app(), List.of(d.processType()), false).stream()
                .filter(p -> p.name().equals(d.dyno())).findFirst();
        Optional<String> skip = listed.isEmpty() ? Optional.of("no longer listed by the Platform API")
                : RollFormation.skipReason(listed.get(), roll.skipYoungerThan(), now);
        if (skip.isPresent()) {
            done(roll, d, DynoProgress.SKIPPED, skip.get());
            return;
        }
        store.requested(roll.id(), d.position(), now);
        ask(roll, d);
    }

    private void ask(Roll roll, RollDyno d) {
        long id = roll.id();
        Instant deadline = roll.deadline();
        RestartRequest request = RestartRequest.planned(roll.app(), d.dyno(), "roll #" + id + " (" + roll.reason()
                + ")", () -> {
                    if (!store.isRunning(id)) {
                        return Optional.of("roll #" + id + " has ended");
                    }
                    return clock.instant().isAfter(deadline)
                            ? Optional.of("roll #" + id + " is past its deadline " + deadline) : Optional.empty();
                });
        PolicyResult result = policy.request(request).orTimeout(30, TimeUnit.SECONDS).join();
        if (result.outcome() == Outcome.SKIPPED) {
            refused(roll, d, result.rule(), result.detail());
        } else if (result.outcome() == Outcome.DRY_RUN) {
            done(roll, d, DynoProgress.DRY_RUN, "dry-run: would restart");
        }
    }

    /** Follows the dyno's restart: in the ledger while the policy has it, then in the Platform API's list. */
    private void follow(Roll roll, RollDyno d, RollingSettings s, Instant now) {
        List<LedgerEntry> rows = ledger.since(roll.app(), d.dyno(), Trigger.PLANNED, d.requestedAt());
        LedgerEntry last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
        if (last == null || lost(roll, d, last)) {
            ask(roll, d);
            return;
        }
        switch (Outcome.of(last.outcome())) {
            case QUEUED -> {
                if (now.isAfter(roll.deadline())) {
                    done(roll, d, DynoProgress.SKIPPED, "still queued (" + last.rule() + ") when the deadline passed");
                    abandon(roll);
                }
            }
            case SKIPPED -> refused(roll, d, Rule.of(last.rule()), last.detail());
            case DRY_RUN -> done(roll, d, DynoProgress.DRY_RUN, "dry-run: would restart");
            case FAILED -> fail(roll, d, last, "the restart of " + d.dyno() + " failed: " + last.detail());
            case RESTARTED, STOPPED, UNKNOWN -> judge(roll, d, last, checks.replacement(roll, d, last, s, now));
            case PENDING -> {
                // its call is under way
            }
        }
    }

    private void judge(Roll roll, RollDyno d, LedgerEntry last, Replacement replacement) {
        switch (replacement.health()) {
            case HEALTHY -> healthy(roll, d, last, replacement.detail());
            case FAILED -> fail(roll, d, last, replacement.detail());
            case WAITING -> {
                // the replacement is not up, or not judged, yet
            }
        }
    }

    /**
     * A request whose queue is gone: recorded queued by a guardian that stopped (or another instance, whose queue this
     * one cannot see), or skipped at a shutdown. Asking again is safe: the policy's window refuses a second restart of
     * a dyno it restarted meanwhile.
     */
    private boolean lost(Roll roll, RollDyno d, LedgerEntry last) {
        if (Outcome.SKIPPED.tag().equals(last.outcome())) {
            return Rule.SHUTDOWN.tag().equals(last.rule());
        }
        return Outcome.QUEUED.tag().equals(last.outcome()) && policy.queued(roll.app()).stream()
                .noneMatch(q -> q.request().dyno().equals(d.dyno()) && q.request().trigger() == Trigger.PLANNED);
    }

    private void healthy(Roll roll, RollDyno d, LedgerEntry last, String detail) {
        ledger.verify(last.id(), HEALTHY, "roll #" + roll.id() + ": " + detail);
        done(roll, d, DynoProgress.HEALTHY, detail);
    }

    private void fail(Roll roll, RollDyno d, LedgerEntry last, String reason) {
        ledger.verify(last.id(), UNHEALTHY, "roll #" + roll.id() + " stopped: " + reason);
        done(roll, d, DynoProgress.FAILED, reason);
        end(roll, RollState.STOPPED, reason);
    }

    /** The policy refused the dyno: skipped, except that a spent planned budget stops the roll. */
    private void refused(Roll roll, RollDyno d, Rule rule, String detail) {
        String why = "refused by rule " + rule.tag() + ": " + detail;
        done(roll, d, DynoProgress.SKIPPED, why);
        if (rule == Rule.BUDGET) {
            end(roll, RollState.STOPPED, "the planned budget (guardian.policy.max-planned-per-hour) is spent: " + why);
        }
    }

    private void done(Roll roll, RollDyno d, DynoProgress status, String detail) {
        store.dynoDone(roll.id(), d.position(), status, detail, clock.instant());
        notices.dyno(roll, d, status, detail);
    }

    private void end(Roll roll, RollState state, String outcome) {
        if (store.end(roll.id(), state, outcome, clock.instant())) {
            notices.ended(roll, state, outcome);
        }
    }

    /** Counts of the plan's dynos by status, as of the roll read at the start of this step. */
    private static String summary(Roll roll) {
        StringBuilder out = new StringBuilder();
        for (DynoProgress status : DynoProgress.values()) {
            long n = roll.dynos().stream().filter(d -> d.status() == status).count();
            if (n > 0) {
                out.append(out.isEmpty() ? "" : ", ").append(n).append(' ').append(status.tag());
            }
        }
        return out.isEmpty() ? "no dynos to restart" : out.toString();
    }
}
