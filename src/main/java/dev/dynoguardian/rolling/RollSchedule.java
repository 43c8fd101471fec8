package dev.dynoguardian.rolling;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.springframework.scheduling.support.CronExpression;

/**
 * When scheduled rolls run: a window opens at each time the cron expression names (in its zone) and stays open for the
 * roll's deadline. A pure function of the settings and the instant, so tests drive it with a clock.
 */
final class RollSchedule {

    private RollSchedule() {
    }

    /** The newest window open at {@code now} (opened at or before it, less than {@code deadline} ago), if any. */
    static Optional<Instant> openWindow(CronExpression cron, ZoneId zone, Duration deadline, Instant now) {
        Instant open = null;
        ZonedDateTime t = cron.next(now.minus(deadline).atZone(zone));
        while (t != null && !t.toInstant().isAfter(now)) {
            open = t.toInstant();
            t = cron.next(t);
        }
        return Optional.ofNullable(open);
    }

    /** The next window to open after {@code now}. */
    static Optional<Instant> next(CronExpression cron, ZoneId zone, Instant now) {
        return Optional.ofNullable(cron.next(now.atZone(zone))).map(ZonedDateTime::toInstant);
    }
}
