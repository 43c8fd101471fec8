package dev.dynoguardian.restart;

import java.time.Instant;

/**
 * One row of the restart ledger: one decision of the RestartPolicy.
 *
 * @param requestedBy  memory, latency or operator
 * @param rule         the rule that decided ({@code allowed} when none stood in the way)
 * @param outcome      restarted, stopped, queued, skipped, failed, dry-run (pending while the API call runs;
 *                     unknown when the instance stopped during the call)
 * @param detail       why, in words: the rule's reason, or the API error
 * @param verification for latency actions, whether replacing the dyno helped ({@code helped}, {@code did not help},
 *                     {@code unverified}); its detail is added to {@code detail}
 * @param instance     which guardian instance decided
 * @param process      which guardian process (instance id, {@code #}, a random id per JVM) wrote the row; null for
 *                     rows written before processes were recorded
 */
public record LedgerEntry(long id, String app, String dyno, String dynoId, String processType, String requestedBy,
                          String action, String reason, String evidence, String rule, String outcome, String detail,
                          String verification, String instance, String process, Instant decidedAt,
                          Instant completedAt) {
}
