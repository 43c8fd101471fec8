package dev.dynoguardian.restart;

import dev.dynoguardian.drain.DynoName;
import dev.dynoguardian.restart.PolicySnapshot.WindowState;
import dev.dynoguardian.restart.RuleVerdict.Kind;
import java.time.Duration;
import java.time.Instant;

/**
 * The RestartPolicy's rules as one pure function of (settings, state, request, clock). Order: requests that can never
 * succeed as they stand are skipped first (incarnation, window, back-off, flapping, last dyno); then those that can
 * wait are queued (pause, a Heroku incident for all but operators, open circuit or 429 hold, one at a time, capacity floor) except over budget, which is
 * skipped; finally a request may not overtake those of its type already queued ({@link #withQueue}).
 */
final class PolicyRules {

    private PolicyRules() {
    }

    static RuleVerdict decide(PolicySettings settings, PolicySnapshot state, RestartRequest request, Instant now) {
        if (DynoName.isOneOff(request.dyno())) {
            return skip(Rule.NOT_MONITORED, "one-off and system dynos are never restarted", null);
        }
        if (state.incarnationRestarted()) {
            return skip(Rule.INCARNATION, "incarnation " + request.incarnation() + " was already restarted", null);
        }
        WindowState window = state.window();
        boolean relapse = window != null && window.relapseAt() == null
                && !now.isBefore(window.lastRestart().plus(settings.settleTime()));
        WindowState next = new WindowState(now, 0, null);
        if (window != null) {
            Instant relapseAt = window.relapseAt() != null ? window.relapseAt() : now;
            Duration quiet = Duration.between(window.lastRestart(), relapseAt);
            long quietFlapWindows = quiet.toMillis() / Math.max(1, settings.flapWindow().toMillis());
            int streak = (int) Math.max(0, window.streak() - quietFlapWindows);
            Instant allowedAt = window.lastRestart().plus(wait(settings, request.processType(), streak));
            if (now.isBefore(allowedAt)) {
                Rule rule = streak > 0 ? Rule.BACKOFF : Rule.WINDOW;
                return new RuleVerdict(Kind.SKIP, rule, "restarted at " + window.lastRestart() + "; next restart allowed at "
                        + allowedAt, allowedAt, null, relapse);
            }
            int projected = quiet.compareTo(settings.flapWindow()) < 0 ? streak + 1 : streak;
            Instant giveUpUntil = window.lastRestart().plus(settings.backoffMax());
            if (projected >= settings.flapLimit() && now.isBefore(giveUpUntil)) {
                return new RuleVerdict(Kind.SKIP, Rule.FLAPPING, "needed a restart again within " + settings.flapWindow()
                        + " " + projected + " times in a row: restarting is not helping; next try after "
                        + giveUpUntil, giveUpUntil, null, relapse);
            }
            next = new WindowState(now, Math.min(projected, settings.flapLimit()), null);
        }
        if (request.trigger() == Trigger.LATENCY && state.runningOfType() <= 1) {
            return skip(Rule.LAST_DYNO, "never the only running " + request.processType() + " dyno for latency", null);
        }
        if (state.pause() != null) {
            Pause p = state.pause();
            return queue(Rule.PAUSED, (p.global() ? "guardian" : "app") + " paused by " + p.pausedBy() + ": "
                    + p.reason() + (p.until() == null ? "" : " (until " + p.until() + ")"), relapse);
        }
        if (state.platformIncident() != null && request.trigger() != Trigger.OPERATOR) {
            return queue(Rule.PLATFORM_INCIDENT, state.platformIncident() + "; waits until it is over", relapse);
        }
        int budget = request.trigger().reactive() ? settings.maxRestartsPerHour() : settings.maxPlannedPerHour();
        if (state.restartsLastHour() >= budget) {
            return new RuleVerdict(Kind.SKIP, Rule.BUDGET, state.restartsLastHour() + (request.trigger().reactive()
                    ? " actions in the last hour; budget is " : " planned actions in the last hour; planned budget is ")
                    + budget + " per hour", now.plus(Duration.ofMinutes(1)), null, relapse);
        }
        if (state.apiBlocked() == Rule.CIRCUIT_OPEN) {
            return queue(Rule.CIRCUIT_OPEN, "the Heroku API is failing (circuit breaker open)", relapse);
        }
        if (state.apiBlocked() == Rule.RATE_LIMITED) {
            return queue(Rule.RATE_LIMITED, "Heroku answered 429: calls are held until its Retry-After passes", relapse);
        }
        if (state.inFlightOfType() >= settings.maxInFlight()) {
            return queue(Rule.IN_FLIGHT, state.inFlightOfType() + " " + request.processType()
                    + " restart(s) in flight; max-in-flight is " + settings.maxInFlight(), relapse);
        }
        int allowedDown = Math.max(1, (int) Math.floor(state.typeSize() * settings.maxUnavailable()));
        if (state.unavailableOfType() + 1 > allowedDown) {
            return queue(Rule.CAPACITY, state.unavailableOfType() + " of " + state.typeSize() + " "
                    + request.processType() + " dynos unavailable; max-unavailable allows " + allowedDown, relapse);
        }
        return new RuleVerdict(Kind.ACT, Rule.ALLOWED, "", null, next, relapse);
    }

    /**
     * Rule 7 for a request not yet queued: it may not act ahead of requests of its type already waiting, so it joins
     * the end of their queue (held by what holds the queue's head); a request that must wait when the app's queue is
     * full is skipped instead, as its one decision. Requests held by a Heroku incident hold back no request the
     * incident does not hold (an operator's).
     */
    static RuleVerdict withQueue(RuleVerdict v, PolicyQueues.Standing standing, String type) {
        if (v.kind() == Kind.ACT && standing.ahead() > 0 && standing.headRule() != Rule.PLATFORM_INCIDENT) {
            v = queue(standing.headRule(), "waits behind " + standing.ahead() + " queued " + type + " request(s)",
                    v.relapse());
        }
        if (v.kind() == Kind.QUEUE && standing.full()) {
            return new RuleVerdict(Kind.SKIP, Rule.QUEUE_FULL, "the app's queue is full; wanted to wait for "
                    + v.rule().tag() + ": " + v.detail(), null, null, v.relapse());
        }
        return v;
    }

    /** The window a dyno must wait after its last restart: the type's window doubled per flap, capped. */
    static Duration wait(PolicySettings settings, String type, int streak) {
        Duration base = settings.windowFor(type);
        Duration cap = settings.backoffMax().compareTo(base) > 0 ? settings.backoffMax() : base;
        if (streak >= 30) {
            return cap;
        }
        Duration grown = base.multipliedBy(1L << streak);
        return grown.compareTo(cap) > 0 ? cap : grown;
    }

    private static RuleVerdict skip(Rule rule, String detail, Instant retryAt) {
        return new RuleVerdict(Kind.SKIP, rule, detail, retryAt, null, false);
    }

    private static RuleVerdict queue(Rule rule, String detail, boolean relapse) {
        return new RuleVerdict(Kind.QUEUE, rule, detail, null, null, relapse);
    }
}
