package dev.dynoguardian.notify;

import static dev.dynoguardian.system.Logfmt.value;

import dev.dynoguardian.notify.Notification.Kind;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code guardian.notify.max-per-hour} notifications of one {@link Kind} per app in any rolling hour, so that
 * a forged stream of drain lines cannot flood Slack. Guardian-wide notifications (no app) count under a key of their
 * own. Beyond the limit a notification is not sent; it is counted in {@code guardian.notify.suppressed{kind}} and
 * warned about once per app and kind per hour, with how many were suppressed since the last warning.
 *
 * <p>Each app and kind keeps the send times of its last {@code max-per-hour} notifications in a ring: a notification
 * may go when the ring is not full or its oldest entry is an hour old. Apps are configured and kinds an enum, so the
 * state is bounded.
 */
final class NotificationLimits {

    private static final Logger log = LoggerFactory.getLogger(NotificationLimits.class);
    private static final long HOUR_MS = Duration.ofHours(1).toMillis();

    private final int maxPerHour;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<Key, Ring> rings = new ConcurrentHashMap<>();

    NotificationLimits(int maxPerHour, MeterRegistry meters, Clock clock) {
        this.maxPerHour = maxPerHour;
        this.meters = meters;
        this.clock = clock;
    }

    /** True when the notification may be sent now (and is counted as sent); false when it is suppressed. */
    boolean admit(Notification n) {
        Ring ring = rings.computeIfAbsent(new Key(n.app(), n.kind()), key -> new Ring(maxPerHour));
        long now = clock.millis();
        long suppressed;
        synchronized (ring) {
            if (ring.admit(now)) {
                return true;
            }
            suppressed = ring.warnDue(now);
        }
        meters.counter("guardian.notify.suppressed", "kind", n.kind().tag()).increment();
        if (suppressed > 0) {
            log.warn("notification-suppressed app={} event={} suppressed={} max-per-hour={} reason={}",
                    n.app() == null ? "-" : value(n.app()), value(n.kind().tag()), suppressed, maxPerHour,
                    value("more than guardian.notify.max-per-hour notifications of this kind within an hour: not sent,"
                            + " counted in guardian.notify.suppressed, warned about at most once an hour"));
        }
        return false;
    }

    private record Key(String app, Kind kind) {
    }

    /** The send times of one app and kind, and its suppressions since the last warning. Guarded by itself. */
    private static final class Ring {

        private final long[] sentAt;
        private int oldest;
        private int size;
        private long suppressed;
        private long warnedAt;
        private boolean warned;

        Ring(int capacity) {
            this.sentAt = new long[capacity];
        }

        boolean admit(long now) {
            if (size == sentAt.length && now - sentAt[oldest] < HOUR_MS) {
                suppressed++;
                return false;
            }
            if (size == sentAt.length) {
                sentAt[oldest] = now;
                oldest = (oldest + 1) % sentAt.length;
            } else {
                sentAt[(oldest + size++) % sentAt.length] = now;
            }
            return true;
        }

        /** The suppressions to warn about now (those since the last warning), or 0 when a warning is not yet due. */
        long warnDue(long now) {
            if (warned && now - warnedAt < HOUR_MS) {
                return 0;
            }
            warned = true;
            warnedAt = now;
            long count = suppressed;
            suppressed = 0;
            return count;
        }
    }
}
