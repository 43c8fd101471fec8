package dev.dynoguardian.latency;

import dev.dynoguardian.notify.Notification;
import dev.dynoguardian.notify.Notifier;
import dev.dynoguardian.restart.DynoAction;
import dev.dynoguardian.restart.PolicyResult;
import dev.dynoguardian.restart.RestartPolicy;
import dev.dynoguardian.restart.RestartRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * What a check does about what it found: asks the RestartPolicy to act on a confirmed outlier (and, once that is
 * carried out, clears its window and has the {@link LatencyVerifier} watch the replacement), or tells people, at most
 * once per half hour per type, that most dynos are slow at once.
 */
@Component
class OutlierAction {

    private static final Duration SYSTEMIC_QUIET = Duration.ofMinutes(30);

    private final LatencyWindows windows;
    private final SharedWindows shared;
    private final RestartPolicy policy;
    private final LatencyVerifier verifier;
    private final Notifier notifier;
    private final Clock clock;
    private final Map<String, Instant> systemicNoticeAt = new ConcurrentHashMap<>();

    OutlierAction(LatencyWindows windows, SharedWindows shared, RestartPolicy policy, LatencyVerifier verifier,
                  Notifier notifier, Clock clock) {
        this.windows = windows;
        this.shared = shared;
        this.policy = policy;
        this.verifier = verifier;
        this.notifier = notifier;
        this.clock = clock;
    }

    /**
     * Asks the policy to act on the target. Whenever the policy carries it out, at once or later from its queue, the
     * dyno's window is cleared and the replacement is watched by the verifier.
     */
    PolicyResult act(String app, DynoAssessment target, LatencySettings s) {
        String evidence = String.join(", ", target.findings());
        Grounds grounds = Grounds.of(target, OutlierDetector.statistic(s.detector().method()));
        RestartRequest request = RestartRequest.latency(app, target.dyno(),
                s.stops() ? DynoAction.STOP : DynoAction.RESTART, evidence,
                () -> staleReason(app, target.dyno(), grounds, s), ledgerId -> {
                    windows.clear(app, target.dyno(), clock.millis());
                    verifier.watch(app, target.dyno(), ledgerId, grounds, clock.instant());
                });
        return policy.request(request).orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** For a queued action: the dyno must still stand out the way it did when it was judged. */
    private Optional<String> staleReason(String app, String dyno, Grounds grounds, LatencySettings s) {
        Instant at = clock.instant();
        var snap = windows.snapshot(app, dyno, at.toEpochMilli(), shared.others(app, at).getOrDefault(dyno,
                List.of()), Long.MIN_VALUE);
        if (snap.isEmpty()) {
            return Optional.of("no recent requests to confirm it still stands out");
        }
        Grounds.Reading now = grounds.read(snap.get(), s.minSamples());
        if (now.standsOut()) {
            return Optional.empty();
        }
        return Optional.of((now.slow() == null && now.failing() == null
                ? "too few recent requests to confirm it still stands out: " : "no longer stands out: ") + now.detail());
    }

    /** Most of the type's dynos are slow at once: load or a dependency, which no restart fixes. */
    void systemic(String app, String type, Analysis analysis) {
        Instant now = clock.instant();
        Instant last = systemicNoticeAt.get(app + "/" + type);
        if (last == null || now.isAfter(last.plus(SYSTEMIC_QUIET))) {
            systemicNoticeAt.put(app + "/" + type, now);
            notifier.notify(new Notification(Notification.Kind.LATENCY_SYSTEMIC, app, null, app + ": most " + type
                    + " dynos are slow at once (" + analysis.reason() + "): load or a dependency, not one dyno. The"
                    + " latency guardian holds still."));
        }
    }
}
