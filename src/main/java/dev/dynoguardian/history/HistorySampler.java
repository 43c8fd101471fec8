package dev.dynoguardian.history;

import dev.dynoguardian.drain.DrainProperties;
import dev.dynoguardian.drain.FormationView;
import dev.dynoguardian.latency.FormationLatency;
import dev.dynoguardian.latency.LatencyReading;
import dev.dynoguardian.memory.MemoryReadings;
import dev.dynoguardian.system.Background;
import dev.dynoguardian.system.WatchedApps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Every {@code guardian.history.sample-interval}, on a thread of its own, reads each dyno the drain tables hold: its
 * newest memory sample (when it arrived within the last two intervals, at least a minute) and its latency window's
 * p50 and p95, merged with what the other instances published of their windows (so a dyno whose router lines all went
 * to another instance is charted too). Nothing is added to the drain's path.
 */
@Component
class HistorySampler implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(HistorySampler.class);

    private final WatchedApps apps;
    private final FormationView formation;
    private final MemoryReadings memory;
    private final FormationLatency latency;
    private final Clock clock;
    private final Duration interval;
    private final Duration freshFor;
    private final HistoryStore store;
    private final Background timer = Background.thread("guardian-history");

    HistorySampler(HistoryProperties properties, DrainProperties drain, WatchedApps apps, FormationView formation,
                   MemoryReadings memory, FormationLatency latency, Clock clock) {
        this.apps = apps;
        this.formation = formation;
        this.memory = memory;
        this.latency = latency;
        this.clock = clock;
        this.interval = properties.sampleInterval();
        Duration twice = interval.multipliedBy(2);
        this.freshFor = twice.compareTo(Duration.ofMinutes(1)) > 0 ? twice : Duration.ofMinutes(1);
        this.store = new HistoryStore(drain.maxDynos());
    }

    @Override
    public void afterPropertiesSet() {
        timer.every(interval, interval, this::sampleSafely);
    }

    /** The app's dynos with their samples since {@code fromSecond}, by name. */
    Map<String, List<DynoRing.Series>> since(String app, long fromSecond) {
        return store.since(app, fromSecond);
    }

    /** How far back a ring reaches: {@value DynoRing#CAPACITY} intervals. */
    Duration reach() {
        return interval.multipliedBy(DynoRing.CAPACITY);
    }

    private void sampleSafely() {
        try {
            sample();
        } catch (RuntimeException e) {
            log.warn("history sample failed: {}", e.toString());
        }
    }

    private void sample() {
        Instant now = clock.instant();
        for (String app : apps.names()) {
            Map<String, String> incarnations = new LinkedHashMap<>();
            formation.dynos(app).forEach(seen -> incarnations.put(seen.dyno(), seen.incarnation()));
            Map<String, LatencyReading> readings = latency.readings(app, incarnations.keySet(), now);
            readings.keySet().forEach(dyno -> incarnations.putIfAbsent(dyno, null));
            incarnations.forEach((dyno, seenIncarnation) -> {
                Optional<MemoryReadings.MemoryReading> m = memory.latest(app, dyno)
                        .filter(r -> !r.receivedAt().isBefore(now.minus(freshFor)));
                Optional<LatencyReading> l = Optional.ofNullable(readings.get(dyno)).filter(r -> r.timed() > 0);
                if (m.isPresent() || l.isPresent()) {
                    store.add(app, dyno, now.getEpochSecond(),
                            m.map(MemoryReadings.MemoryReading::incarnation).orElse(seenIncarnation),
                            m.map(r -> (float) r.totalMb()).orElse(Float.NaN),
                            m.map(r -> (float) r.quotaMb()).orElse(Float.NaN),
                            l.map(r -> (float) r.p50Ms()).orElse(Float.NaN),
                            l.map(r -> (float) r.p95Ms()).orElse(Float.NaN));
                }
            });
        }
        store.forgetOlderThan(now.minus(reach()).getEpochSecond());
    }

    @Override
    public void destroy() {
        timer.stop();
    }
}
