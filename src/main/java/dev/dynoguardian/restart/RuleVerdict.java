package dev.dynoguardian.restart;

import dev.dynoguardian.restart.PolicySnapshot.WindowState;
import java.time.Instant;

/**
 * What the policy's rules decided about one request.
 *
 * @param kind        act, queue or skip
 * @param rule        the rule that decided
 * @param detail      why, for people
 * @param retryAt     for time-bound skips, when the same request could succeed
 * @param windowAfter for ACT, the dyno's window state to store
 * @param relapse     the request is the dyno's first need for a restart since its last one (rule 2 bookkeeping)
 */
record RuleVerdict(Kind kind, Rule rule, String detail, Instant retryAt, WindowState windowAfter, boolean relapse) {

    enum Kind { ACT, QUEUE, SKIP }
}
