package dev.dynoguardian.status;

import java.time.Instant;

/**
 * One dyno as the guardian sees it.
 *
 * @param state       the last {@code State changed} the drain showed ({@code up}, {@code starting}, ...), or null
 * @param incarnation the uuid of the current incarnation, from its runtime metrics
 * @param lastSeen    when its last platform line arrived
 * @param memory      the newest memory sample, or null (also while {@code waitingForFirstSample})
 * @param latency     the latency window, or null
 * @param lastAction  the newest ledger entry about it, or null
 * @param waitingForFirstSample the dyno was restarted (or stopped) after its newest memory sample, which is its
 *                    predecessor's: no sample of the new incarnation yet
 */
public record DynoStatus(String dyno, String type, String state, Instant stateSince, String incarnation,
                         Instant lastSeen, Memory memory, Latency latency, LastAction lastAction,
                         boolean waitingForFirstSample) {

    /**
     * @param ageSeconds how old the sample is
     * @param percentOfQuota memory_total as a percentage of the quota (null without a quota)
     * @param limitMb the threshold it is judged against (null when unknown)
     */
    public record Memory(double totalMb, Double quotaMb, Double percentOfQuota, Double limitMb, double swapMb,
                         long ageSeconds) {
    }

    /** The latency window: counts, and times in ms (null without timed requests). */
    public record Latency(long timed, long requests, long routerErrors, Double meanMs, Double p50Ms, Double p95Ms,
                          Double p99Ms) {
    }

    /** The newest decision about the dyno. */
    public record LastAction(long ledgerId, String requestedBy, String action, String rule, String outcome,
                             String reason, Instant at) {
    }
}
