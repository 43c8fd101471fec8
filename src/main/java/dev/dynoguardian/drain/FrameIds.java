package dev.dynoguardian.drain;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers recent {@code Logplex-Frame-Id}s per app: logplex re-sends a batch with the same id after a slow reply or
 * a 5xx, and a redelivered batch must be processed once. Bounded by count and age.
 */
final class FrameIds {

    private final int capacity;
    private final long ttlMillis;
    private final Clock clock;
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    FrameIds(int capacity, long ttlMillis, Clock clock) {
        this.capacity = capacity;
        this.ttlMillis = ttlMillis;
        this.clock = clock;
    }

    /** True the first time an app's frame id is offered within the TTL; false for a redelivery. */
    synchronized boolean firstTime(String app, String frameId) {
        long now = clock.millis();
        for (var it = seen.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> eldest = it.next();
            if (seen.size() <= capacity && now - eldest.getValue() < ttlMillis) {
                break;
            }
            it.remove();
        }
        String key = app + "\n" + frameId;
        Long previous = seen.get(key);
        if (previous != null && now - previous < ttlMillis) {
            return false;
        }
        seen.put(key, now);
        return true;
    }
}
