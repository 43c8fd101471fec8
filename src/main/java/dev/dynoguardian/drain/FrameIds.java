package dev.dynoguardian.drain;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers recent {@code Logplex-Frame-Id}s per app: logplex re-sends a batch with the same id after a slow reply or
 * a 5xx, and a redelivered batch must be processed once. Bounded by count and age: an id is remembered for the TTL
 * unless {@code capacity} newer ids arrived since, and at most twice {@code capacity} ids are kept.
 * <p>
 * Two generations of concurrent maps, so that request threads share no lock: ids go into the current generation and
 * are looked up in both; once the current one holds {@code capacity} ids or is a TTL old, it becomes the previous one
 * and the old previous one is dropped whole.
 */
final class FrameIds {

    private record Key(String app, String frameId) {
    }

    private static final class Generation {
        final Map<Key, Long> seen = new ConcurrentHashMap<>();
        final long started;

        Generation(long started) {
            this.started = started;
        }
    }

    private final int capacity;
    private final long ttlMillis;
    private final Clock clock;
    private volatile Generation current;
    private volatile Generation previous;

    FrameIds(int capacity, long ttlMillis, Clock clock) {
        this.capacity = capacity;
        this.ttlMillis = ttlMillis;
        this.clock = clock;
        this.current = new Generation(clock.millis());
        this.previous = new Generation(clock.millis());
    }

    /** True the first time an app's frame id is offered within the TTL; false for a redelivery. */
    boolean firstTime(String app, String frameId) {
        long now = clock.millis();
        Generation gen = rotateIfFull(now);
        Key key = new Key(app, frameId);
        Long before = previous.seen.get(key);
        if (before != null && now - before < ttlMillis) {
            return false;
        }
        before = gen.seen.putIfAbsent(key, now);
        if (before == null) {
            return true;
        }
        if (now - before < ttlMillis) {
            return false;
        }
        return gen.seen.replace(key, before, now);
    }

    private Generation rotateIfFull(long now) {
        Generation gen = current;
        if (gen.seen.size() < capacity && now - gen.started < ttlMillis) {
            return gen;
        }
        synchronized (this) {
            if (current == gen) {
                previous = gen;
                current = new Generation(now);
            }
            return current;
        }
    }
}
