package dev.dynoguardian.rolling;

import dev.dynoguardian.heroku.PlatformFormation.PlatformDyno;
import dev.dynoguardian.latency.LatencyHealth;
import dev.dynoguardian.latency.LatencyHealth.Judgement;
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
import dev.dynoguardian.rolling.RollStore.Planned;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Moves a running roll on by one step: plan it, ask the RestartPolicy for the next dyno (a {@code planned} request),
 * follow that dyno's restart in the ledger and the Platform API's list until its replacement is up and judged, or end
 * the roll. Every step starts from what the database and the Platform API say, never from memory, so a roll carries on
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
    private final LatencyHealth latency;
    private final RollNotices notices;
    private final RollingApps apps;
    private final Clock clock;

    RollSteps(RollStore store, RollFormation formation, RestartPolicy policy, RestartLedger ledger,
              LatencyHealth latency, RollNotices notices, RollingApps apps, Clock clock) {
        this.store = store;
        this.formation = formation;
        this.policy = policy;
        this.ledger = ledger;
        this.latency = latency;
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
        Optional<String> errors = errorRateRose(roll, s);
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
        RouterErrors base = latency.routerErrors(roll.app(), dynos);
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
        switch (last.outcome()) {
            case "queued" -> {
                if (now.isAfter(roll.deadline())) {
                    done(roll, d, DynoProgress.SKIPPED, "still queued (" + last.rule() + ") when the deadline passed");
                    abandon(roll);
                }
            }
            case "pending" -> {
                // its call is under way
            }
            case "skipped" -> refused(roll, d, Rule.valueOf(last.rule().toUpperCase(Locale.ROOT).replace('-', '_')),
                    last.detail());
            case "dry-run" -> done(roll, d, DynoProgress.DRY_RUN, "dry-run: would restart");
            case "failed" -> fail(roll, d, last, "the restart of " + d.dyno() + " failed: " + last.detail());
            default -> awaitReplacement(roll, d, last, s, now);
        }
    }

    /**
     * A request whose queue is gone: recorded queued by a guardian that stopped (or another instance, whose queue this
     * one cannot see), or skipped at a shutdown. Asking again is safe: the policy's window refuses a second restart of
     * a dyno it restarted meanwhile.
     */
    private boolean lost(Roll roll, RollDyno d, LedgerEntry last) {
        if ("skipped".equals(last.outcome())) {
            return Rule.SHUTDOWN.tag().equals(last.rule());
        }
        return "queued".equals(last.outcome()) && policy.queued(roll.app()).stream()
                .noneMatch(q -> q.request().dyno().equals(d.dyno()) && q.request().trigger() == Trigger.PLANNED);
    }

    /**
     * The restart was sent: the replacement must be listed {@code up} by the Platform API (changed state after the
     * decision; a drain line saying so is not enough) within up-within, then not be an outlier for the latency guardian.
     */
    private void awaitReplacement(Roll roll, RollDyno d, LedgerEntry last, RollingSettings s, Instant now) {
        List<PlatformDyno> type = formation.dynos(roll.app(), List.of(d.processType()), false);
        Optional<PlatformDyno> replacement = type.stream().filter(p -> p.name().equals(d.dyno()) && p.up()
                && p.upSince() != null && p.upSince().isAfter(last.decidedAt())).findFirst();
        Instant sent = last.completedAt() != null ? last.completedAt() : last.decidedAt();
        if (replacement.isEmpty()) {
            if (now.isAfter(sent.plus(s.upWithin()))) {
                fail(roll, d, last, "the replacement of " + d.dyno() + " was not listed up within " + s.upWithin()
                        + " of its restart");
            }
            return;
        }
        Instant upSince = replacement.get().upSince();
        Judgement judged = latency.replacement(roll.app(), d.dyno(), type);
        switch (judged.health()) {
            case OUTLIER -> fail(roll, d, last, "the replacement of " + d.dyno() + " is an outlier: "
                    + judged.detail());
            case NOT_JUDGED -> {
                if (!now.isBefore(upSince.plus(s.healthWait()))) {
                    healthy(roll, d, last, "up after " + Duration.between(sent, upSince).toSeconds()
                            + " s; the latency guardian could not judge it within " + s.healthWait() + " ("
                            + judged.detail() + ")");
                }
            }
            case HEALTHY -> healthy(roll, d, last, "up after " + Duration.between(sent, upSince).toSeconds()
                    + " s; latency " + judged.detail());
            case NOT_WATCHED -> healthy(roll, d, last, "up after " + Duration.between(sent, upSince).toSeconds()
                    + " s");
        }
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

    /** The router error rate of the rolled types, once judged on enough requests, rose too far above the start's. */
    private Optional<String> errorRateRose(Roll roll, RollingSettings s) {
        RouterErrors now = latency.routerErrors(roll.app(), formation.dynos(roll.app(), roll.dynoTypes(), false));
        if (now.requests() < s.errorRateRequests()) {
            return Optional.empty();
        }
        long baseRequests = roll.baseRequests() == null ? 0 : roll.baseRequests();
        double base = baseRequests < s.errorRateRequests() ? 0 : (double) roll.baseErrors() / baseRequests;
        if (now.rate() <= base + s.errorRateRise()) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "the router error rate of %s rose from %.1f %% to %.1f %% (%d of"
                + " %d requests) during the roll", String.join("/", roll.dynoTypes()), 100 * base, 100 * now.rate(),
                now.errors(), now.requests()));
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
