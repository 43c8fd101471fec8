package dev.dynoguardian.history;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The rings of every app's dynos. An app has at most {@code guardian.drain.max-dynos} rings: the sampler only samples
 * dynos the drain tables already hold (bounded the same way), and a ring whose newest sample is older than what a
 * ring holds is dropped.
 */
final class HistoryStore {

    private final int maxDynos;
    private final Map<String, Map<String, DynoRing>> rings = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    HistoryStore(int maxDynos) {
        this.maxDynos = maxDynos;
    }

    /** Records a sample; false when the app already has {@code max-dynos} rings and this dyno has none. */
    boolean add(String app, String dyno, long epochSecond, String incarnation, float memoryMb, float quotaMb,
                float p50Ms, float p95Ms) {
        Map<String, DynoRing> byDyno = rings.computeIfAbsent(app, a -> new ConcurrentHashMap<>());
        DynoRing ring = byDyno.get(dyno);
        if (ring == null) {
            AtomicInteger count = counts.computeIfAbsent(app, a -> new AtomicInteger());
            if (count.incrementAndGet() > maxDynos) {
                count.decrementAndGet();
                return false;
            }
            ring = new DynoRing();
            if (byDyno.putIfAbsent(dyno, ring) != null) {
                count.decrementAndGet();
                ring = byDyno.get(dyno);
            }
        }
        ring.add(epochSecond, incarnation, memoryMb, quotaMb, p50Ms, p95Ms);
        return true;
    }

    /** Drops the rings whose newest sample is older than {@code beforeSecond}. */
    void forgetOlderThan(long beforeSecond) {
        rings.forEach((app, byDyno) -> byDyno.entrySet().removeIf(e -> {
            boolean old = e.getValue().newest() < beforeSecond;
            if (old) {
                counts.get(app).decrementAndGet();
            }
            return old;
        }));
    }

    /** The app's dynos with their samples since {@code fromSecond}, by dyno name. */
    Map<String, List<DynoRing.Series>> since(String app, long fromSecond) {
        Map<String, List<DynoRing.Series>> out = new java.util.TreeMap<>();
        rings.getOrDefault(app, Map.of()).forEach((dyno, ring) -> {
            List<DynoRing.Series> series = ring.since(fromSecond);
            if (!series.isEmpty()) {
                out.put(dyno, series);
            }
        });
        return out;
    }
}
