package dev.dynoguardian.restart;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/** What the policy is doing for an app right now: restarts in flight, the queue, the budget left. */
@Service
public class PolicyOverview {

    private final RestartStore store;
    private final RestartLedger ledger;
    private final RestartPolicy policy;
    private final AppPolicies policies;
    private final Clock clock;

    PolicyOverview(RestartStore store, RestartLedger ledger, RestartPolicy policy, AppPolicies policies, Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.policy = policy;
        this.policies = policies;
        this.clock = clock;
    }

    /**
     * @param inFlight       restarts under way (every instance)
     * @param queue          requests waiting on this instance
     * @param budgetLeft     actions left in the last hour's budget
     * @param budgetPerHour  {@code guardian.policy.max-restarts-per-hour} of the app
     */
    public record AppPolicyState(List<InFlightRestart> inFlight, List<QueuedRequest> queue, int budgetLeft,
                                 int budgetPerHour) {
    }

    /** A restart under way: until the dyno is up again or {@code settleBy}. */
    public record InFlightRestart(String dyno, String processType, long ledgerId, Instant startedAt, Instant settleBy) {
    }

    public AppPolicyState state(String app) {
        PolicySettings settings = policies.settings(app);
        Instant now = clock.instant();
        List<InFlightRestart> flights = store.inFlight(app, now).stream()
                .map(f -> new InFlightRestart(f.dyno(), f.processType(), f.ledgerId(), f.startedAt(), f.settleBy()))
                .toList();
        int used = ledger.actionsSince(app, now.minus(Duration.ofHours(1)), true);
        return new AppPolicyState(flights, policy.queued(app), Math.max(0, settings.maxRestartsPerHour() - used),
                settings.maxRestartsPerHour());
    }
}
