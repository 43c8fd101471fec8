package dev.dynoguardian.status;

import dev.dynoguardian.restart.PolicyOverview.InFlightRestart;
import java.time.Instant;
import java.util.List;

/**
 * One watched app at a glance.
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
}
