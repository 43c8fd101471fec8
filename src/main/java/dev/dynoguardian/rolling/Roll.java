package dev.dynoguardian.rolling;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A rolling restart of one app and its plan.
 *
 * @param startedBy     {@code schedule}, or the operator who asked
 * @param scheduledFor  the cron window of a scheduled roll; null for one on demand
 * @param plannedAt     when its plan was made (null until its first step)
 * @param outcome       why it ended, in words; null while it runs
 * @param baseRequests  the rolled types' router requests in the latency window when it was planned (null before)
 * @param baseErrors    and those that failed because of a dyno
 * @param dynos         its plan, in order
 */
public record Roll(long id, String app, String reason, String startedBy, List<String> dynoTypes,
                   Duration skipYoungerThan, RollState state, Instant startedAt, Instant deadline,
                   Instant scheduledFor, Instant plannedAt, Instant endedAt, String outcome, Long baseRequests,
                   Long baseErrors, List<RollDyno> dynos) {

    public Roll {
        dynoTypes = List.copyOf(dynoTypes);
        dynos = List.copyOf(dynos);
    }

    /** One dyno of the plan. {@code requestedAt}: when the roll asked the RestartPolicy for it (null before). */
    public record RollDyno(int position, String dyno, String processType, DynoProgress status, Instant requestedAt,
                           Instant endedAt, String detail) {
    }

    Optional<RollDyno> first(DynoProgress status) {
        return dynos.stream().filter(d -> d.status() == status).findFirst();
    }
}
