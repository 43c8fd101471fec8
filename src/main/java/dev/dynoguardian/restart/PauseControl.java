package dev.dynoguardian.restart;

import dev.dynoguardian.notify.Notification;
import dev.dynoguardian.notify.Notifier;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Rule 8: pausing the whole guardian or one app, with a reason and an optional expiry. Pauses live in the database,
 * so a restarted guardian (and every other instance) is paused too. While paused, requests queue; a resume lets them
 * through after a fresh check.
 */
@Service
public class PauseControl {

    private final PauseStore store;
    private final RestartPolicy policy;
    private final AppPolicies policies;
    private final Notifier notifier;
    private final Clock clock;

    PauseControl(PauseStore store, RestartPolicy policy, AppPolicies policies, Notifier notifier, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.policies = policies;
        this.notifier = notifier;
        this.clock = clock;
    }

    /**
     * Pauses {@code app}, or the whole guardian when {@code app} is null, until {@code until} (null: until resumed).
     */
    public Pause pause(String app, String reason, Instant until, String by) {
        String scope = scope(app);
        Pause pause = new Pause(scope, reason == null || reason.isBlank() ? "no reason given" : reason, by,
                clock.instant(), until);
        store.savePause(pause);
        notifier.notify(new Notification(Notification.Kind.PAUSED, app, null, (app == null ? "guardian" : app)
                + " paused by " + by + ": " + pause.reason() + (until == null ? "" : " (until " + until + ")")));
        return pause;
    }

    /** Lifts the pause of {@code app}, or the global pause when null; false when there was none. */
    public boolean resume(String app, String by) {
        boolean lifted = store.deletePause(scope(app));
        if (lifted) {
            notifier.notify(new Notification(Notification.Kind.RESUMED, app, null,
                    (app == null ? "guardian" : app) + " resumed by " + by));
            policy.wake();
        }
        return lifted;
    }

    /** The pause in force for the scope ({@code null} app: the global pause), if any and not expired. */
    public Optional<Pause> active(String app) {
        Instant now = clock.instant();
        return store.pause(scope(app)).filter(p -> p.activeAt(now));
    }

    private String scope(String app) {
        if (app == null) {
            return Pause.GLOBAL;
        }
        policies.requireWatched(app);
        return app;
    }
}
