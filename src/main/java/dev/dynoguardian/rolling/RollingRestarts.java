package dev.dynoguardian.rolling;

import dev.dynoguardian.drain.DynoName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Rolling restarts for the admin API, the status page and the playground: start one now, see how the running one
 * stands (with the last one's outcome and the next scheduled window), stop it. The roll itself is run by
 * {@link RollRunner}, whichever instance holds its lock.
 */
@Service
public class RollingRestarts {

    /** A process type's name as Heroku allows it. */
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,29}");

    /**
     * How an app's rolls stand.
     *
     * @param running       the roll under way, or null
     * @param last          the newest roll that has ended, or null
     * @param nextScheduled when the next scheduled window opens, or null without a schedule
     */
    public record Overview(Roll running, Roll last, Instant nextScheduled) {
    }

    private final RollingApps apps;
    private final RollStore store;
    private final RollNotices notices;
    private final Clock clock;

    RollingRestarts(RollingApps apps, RollStore store, RollNotices notices, Clock clock) {
        this.apps = apps;
        this.store = store;
        this.notices = notices;
        this.clock = clock;
    }

    /**
     * Starts a roll of the app now. {@code dynoTypes} and {@code skipYoungerThan} default to the app's settings; throws
     * {@link IllegalArgumentException} for a bad argument and {@link RollConflictException} when a roll runs already.
     */
    public Roll start(String app, String reason, List<String> dynoTypes, Duration skipYoungerThan, String who) {
        RollingApps.AppRolling rolling = apps.of(app);
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason is required");
        }
        List<String> types = dynoTypes == null || dynoTypes.isEmpty() ? rolling.dynoTypes()
                : dynoTypes.stream().map(t -> t == null ? "" : t.trim()).distinct().toList();
        for (String type : types) {
            if (!TYPE.matcher(type).matches() || DynoName.isOneOff(type + ".1")) {
                throw new IllegalArgumentException("dyno-types: '" + (type.length() > 30 ? type.substring(0, 30)
                        + "..." : type) + "' is not a process type that can be rolled");
            }
        }
        Duration skip = skipYoungerThan == null ? rolling.settings().skipYoungerThan() : skipYoungerThan;
        if (skip.isNegative()) {
            throw new IllegalArgumentException("skip-younger-than must not be negative");
        }
        Instant now = clock.instant();
        try {
            store.create(app, reason.trim(), who, types, skip, now, now.plus(rolling.settings().deadline()), null);
        } catch (DuplicateKeyException e) {
            throw new RollConflictException("a rolling restart of " + app + " is already running");
        }
        return store.running(app).orElseThrow();
    }

    public Overview overview(String app) {
        RollingSettings s = apps.of(app).settings();
        Instant next = s.cron().flatMap(cron -> RollSchedule.next(cron, s.zoneId(), clock.instant())).orElse(null);
        return new Overview(store.running(app).orElse(null), store.lastEnded(app).orElse(null), next);
    }

    /** Stops the app's running roll; a restart under way finishes, no further dyno is restarted. */
    public Roll stop(String app, String who) {
        apps.of(app);
        Optional<Roll> running = store.running(app);
        if (running.isEmpty()) {
            throw new NoRollException("no rolling restart of " + app + " is running");
        }
        String outcome = "stopped by " + who;
        if (store.end(running.get().id(), RollState.STOPPED, outcome, clock.instant())) {
            notices.ended(running.get(), RollState.STOPPED, outcome);
        }
        return store.lastEnded(app).orElseThrow();
    }
}
