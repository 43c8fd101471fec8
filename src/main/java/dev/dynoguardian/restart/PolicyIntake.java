package dev.dynoguardian.restart;

import dev.dynoguardian.drain.DynoDirectory;
import java.time.Instant;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the drain threads hand the policy thread without blocking: restart requests, coalesced per dyno (the newest
 * evidence wins) in arrival order, and the newest up line per dyno. Requests about dynos the Platform API lists always
 * find a place (there are only so many); others, and up lines, are bounded per app by {@code guardian.drain.max-dynos}:
 * beyond, new names are dropped until the policy thread catches up, so no drain input can grow them without limit nor
 * crowd out a real dyno's request.
 */
final class PolicyIntake {

    /** An app and dyno name. */
    record DynoKey(String app, String dyno) {
    }

    /** A request waiting to be decided; {@code counted} against the app's bound. */
    private record Waiting(RestartRequest request, boolean counted) {
    }

    private final int maxPerApp;
    private final DynoDirectory directory;
    private final Map<DynoKey, Waiting> requests = new ConcurrentHashMap<>();
    private final Queue<DynoKey> order = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> waiting = new ConcurrentHashMap<>();
    private final Map<DynoKey, Instant> ups = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> upsWaiting = new ConcurrentHashMap<>();

    PolicyIntake(int maxPerApp, DynoDirectory directory) {
        this.maxPerApp = maxPerApp;
        this.directory = directory;
    }

    /**
     * Takes a request; false when it is about a dyno the platform does not list and its app already has as many of
     * those waiting as it may (the request is dropped).
     */
    boolean offer(RestartRequest r) {
        DynoKey key = new DynoKey(r.app(), r.dyno());
        if (requests.computeIfPresent(key, (k, old) -> new Waiting(r, old.counted())) != null) {
            return true;
        }
        boolean counted = !directory.lists(r.app(), r.dyno());
        AtomicInteger count = waiting.computeIfAbsent(r.app(), a -> new AtomicInteger());
        if (counted && count.incrementAndGet() > maxPerApp) {
            count.decrementAndGet();
            return false;
        }
        if (requests.putIfAbsent(key, new Waiting(r, counted)) != null) {
            if (counted) {
                count.decrementAndGet();
            }
            requests.computeIfPresent(key, (k, old) -> new Waiting(r, old.counted()));
            return true;
        }
        order.add(key);
        return true;
    }

    /** The oldest waiting request, or null. */
    RestartRequest poll() {
        for (DynoKey key = order.poll(); key != null; key = order.poll()) {
            Waiting w = requests.remove(key);
            if (w != null) {
                if (w.counted()) {
                    waiting.get(key.app()).decrementAndGet();
                }
                return w.request();
            }
        }
        return null;
    }

    /** Notes that the dyno reported up at {@code at}; false when the app has too many dynos waiting already. */
    boolean up(String app, String dyno, Instant at) {
        DynoKey key = new DynoKey(app, dyno);
        if (ups.computeIfPresent(key, (k, old) -> at.isAfter(old) ? at : old) != null) {
            return true;
        }
        AtomicInteger count = upsWaiting.computeIfAbsent(app, a -> new AtomicInteger());
        if (count.incrementAndGet() > maxPerApp) {
            count.decrementAndGet();
            return false;
        }
        if (ups.putIfAbsent(key, at) != null) {
            count.decrementAndGet();
            ups.computeIfPresent(key, (k, old) -> at.isAfter(old) ? at : old);
        }
        return true;
    }

    /** Every dyno's newest up line noted so far, taken out. */
    Map<DynoKey, Instant> takeUps() {
        Map<DynoKey, Instant> taken = new java.util.HashMap<>();
        for (DynoKey key : ups.keySet()) {
            Instant at = ups.remove(key);
            if (at != null) {
                taken.put(key, at);
                upsWaiting.get(key.app()).decrementAndGet();
            }
        }
        return taken;
    }
}
