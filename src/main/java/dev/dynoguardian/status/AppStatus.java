package dev.dynoguardian.status;

import dev.dynoguardian.health.DrainFreshness;
import dev.dynoguardian.restart.Pause;
import dev.dynoguardian.restart.PolicyOverview.AppPolicyState;
import dev.dynoguardian.restart.PolicyOverview.InFlightRestart;
import java.time.Instant;
import java.util.List;

/**
 * One watched app at a glance: what {@code GET /admin/apps}, {@code /admin/apps/{app}} (and its alias
 * {@code /admin/apps/{app}/status}) and {@code GET /admin/status} answer about it.
 *
 * @param lastPlatformLine when the drain last delivered a platform line (any instance), or null
 * @param drainFresh       false while the guardian is blind for the app (no platform line for stale-after)
 * @param dynosSeen        dynos that sent a platform line within the dyno TTL
 * @param restartsLastHour actions (restarts and stops) in the last hour
 * @param paused           true while the guardian's pause or the app's own pause holds the app
 * @param pauseScope       {@code global} while the guardian's pause holds it (lifted by resuming the guardian, even
 *                         when the app has its own pause too), {@code app} while only its own pause does; else null
 * @param pausedBy         who paused, of the pause in {@code pauseScope}
 */
public record AppStatus(String app, Instant lastPlatformLine, boolean drainFresh, int dynosSeen, int restartsLastHour,
                        int budgetLeft, int budgetPerHour, boolean paused, String pauseScope, String pauseReason,
                        Instant pauseUntil, String pausedBy, List<InFlightRestart> inFlight, List<Queued> queue) {

    /** A request waiting in the policy's queue on this instance, and what it waits for. */
    public record Queued(String dyno, String requestedBy, String action, String rule, Instant since, String reason,
                         String evidence) {
    }

    /** The app's status from what the drain, the ledger, the policy and the pause in force (or null) say. */
    static AppStatus of(String app, DrainFreshness.Freshness drain, int dynosSeen, int restartsLastHour,
                        AppPolicyState policy, Pause pause) {
        List<Queued> queue = policy.queue().stream().map(q -> new Queued(q.request().dyno(),
                q.request().trigger().tag(), q.request().action().tag(), q.rule().tag(), q.since(),
                q.request().reason(), q.request().evidence())).toList();
        return new AppStatus(app, drain == null ? null : drain.lastPlatformLine(), drain != null && !drain.stale(),
                dynosSeen, restartsLastHour, policy.budgetLeft(), policy.budgetPerHour(), pause != null,
                GuardianStatus.pauseScope(pause), pause == null ? null : pause.reason(),
                pause == null ? null : pause.until(), pause == null ? null : pause.pausedBy(), policy.inFlight(),
                queue);
    }
}
