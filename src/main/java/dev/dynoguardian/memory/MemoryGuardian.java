package dev.dynoguardian.memory;

import dev.dynoguardian.drain.DrainBatch;
import dev.dynoguardian.drain.DrainListener;
import dev.dynoguardian.drain.DynoName;
import dev.dynoguardian.drain.HerokuEvent;
import dev.dynoguardian.restart.DynoAction;
import dev.dynoguardian.restart.RestartPolicy;
import dev.dynoguardian.restart.RestartRequest;
import dev.dynoguardian.restart.Trigger;
import dev.dynoguardian.system.WatchedApp;
import dev.dynoguardian.system.WatchedApps;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Asks the RestartPolicy to restart a monitored dyno when the platform reports R14 or R15 for it, or when a
 * {@code log-runtime-metrics} sample's {@code memory_total} exceeds the type's threshold. Only platform lines count
 * (the drain never turns the app's own text into these events); one-off dynos are never asked about.
 */
@Component
class MemoryGuardian implements DrainListener, MemoryReadings {

    /** Dynos silent this long are forgotten (one-off dynos and Fir's changing names would pile up otherwise). */
    private static final long FORGET_AFTER_MILLIS = 30 * 60_000;

    private final Map<String, MemorySettings> settings = new HashMap<>();
    /** Per app, when its silent dynos were last forgotten (epoch ms). */
    private final Map<String, Long> lastSweep = new ConcurrentHashMap<>();
    private final Map<String, Map<String, DynoMemory>> dynos = new ConcurrentHashMap<>();
    private final RestartPolicy policy;
    private final Clock clock;
    private final MeterRegistry meters;

    MemoryGuardian(WatchedApps apps, RestartPolicy policy, Clock clock, MeterRegistry meters) {
        for (WatchedApp app : apps.all()) {
            settings.put(app.name(), apps.settings(app, "memory", MemorySettings.class));
        }
        this.policy = policy;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public void onBatch(DrainBatch batch) {
        MemorySettings s = settings.get(batch.app());
        if (s == null) {
            return;
        }
        Map<String, DynoMemory> app = dynos.computeIfAbsent(batch.app(), a -> new ConcurrentHashMap<>());
        sweep(batch.app(), app, batch.receivedAt());
        for (HerokuEvent event : batch.events()) {
            if (event instanceof HerokuEvent.MemorySample m) {
                onSample(batch, s, app.computeIfAbsent(m.dyno(), d -> new DynoMemory()), m);
            } else if (event instanceof HerokuEvent.ProcessMemory p) {
                app.computeIfAbsent(p.dyno(), d -> new DynoMemory()).processMemory(p, batch.receivedAt());
            } else if (event instanceof HerokuEvent.MemoryError e) {
                onError(batch, s, app.computeIfAbsent(e.dyno(), d -> new DynoMemory()), e);
            }
        }
    }

    private void sweep(String name, Map<String, DynoMemory> app, long now) {
        if (now - lastSweep.getOrDefault(name, 0L) > 60_000) {
            lastSweep.put(name, now);
            app.values().removeIf(d -> d.silentSince(now - FORGET_AFTER_MILLIS));
        }
    }

    @Override
    public Optional<MemoryReading> latest(String app, String dyno) {
        DynoMemory d = dynos.getOrDefault(app, Map.of()).get(dyno);
        return d == null ? Optional.empty() : d.reading();
    }

    private void onSample(DrainBatch batch, MemorySettings s, DynoMemory d, HerokuEvent.MemorySample m) {
        if (!d.current(m, batch.receivedAt())) {
            meters.counter("guardian.memory.retired.samples", "app", batch.app()).increment();
            return;
        }
        String type = DynoName.type(m.dyno());
        MemoryThreshold threshold = s.thresholdFor(type);
        double quota = Double.isNaN(m.quotaMb()) ? d.knownQuotaMb() : m.quotaMb();
        double limit = threshold.limitMb(quota);
        boolean over = !Double.isNaN(limit) && m.totalMb() > limit;
        d.sample(m, batch.receivedAt(), limit, over);
        if (!over || !acts(s, m.dyno()) || stale(batch, s, m.at())) {
            return;
        }
        String evidence = MemoryThreshold.format(Math.round(m.totalMb())) + " MB"
                + (Double.isNaN(quota) ? "" : " of " + MemoryThreshold.format(quota) + " MB quota");
        String reason = threshold.equals(MemoryThreshold.QUOTA) ? "over quota" : "over threshold " + threshold;
        submit(batch, s, m.dyno(), m.incarnation(), reason, evidence);
    }

    private void onError(DrainBatch batch, MemorySettings s, DynoMemory d, HerokuEvent.MemoryError e) {
        d.error(e.code(), batch.receivedAt());
        boolean wanted = "R15".equals(e.code()) ? s.restartOnR15() : s.restartOnR14();
        if (!wanted || !acts(s, e.dyno()) || stale(batch, s, e.at())) {
            return;
        }
        if (d.justReplaced(batch.receivedAt(), s.prebootGrace().toMillis())) {
            meters.counter("guardian.memory.preboot.errors", "app", batch.app()).increment();
            return;
        }
        long now = batch.receivedAt();
        submit(batch, s, e.dyno(), d.incarnation(), e.code(), d.describe(now, s.evidenceTtl().toMillis()));
    }

    private void submit(DrainBatch batch, MemorySettings s, String dyno, String incarnation, String reason,
                        String evidence) {
        String type = DynoName.type(dyno);
        long ttl = s.evidenceTtl().toMillis();
        Map<String, DynoMemory> app = dynos.get(batch.app());
        long size = app.keySet().stream().filter(n -> DynoName.type(n).equals(type)).count();
        long over = app.entrySet().stream().filter(en -> DynoName.type(en.getKey()).equals(type))
                .filter(en -> en.getValue().over(batch.receivedAt(), ttl)).count();
        boolean formationWide = over >= 2 && over * 2 > size;
        String wide = formationWide ? "; " + over + " of " + size + " " + type + " dynos over their limit" : "";
        DynoMemory d = app.get(dyno);
        RestartRequest.EvidenceCheck check = () -> stillOver(d, incarnation, ttl);
        policy.submit(new RestartRequest(batch.app(), dyno, incarnation, Trigger.MEMORY, DynoAction.RESTART, reason,
                evidence + wide, formationWide, check));
    }

    private Optional<String> stillOver(DynoMemory d, String incarnation, long ttl) {
        String current = d.incarnation();
        if (incarnation != null && current != null && !incarnation.equals(current)) {
            return Optional.of("the dyno was replaced meanwhile (new incarnation " + current + ")");
        }
        long now = clock.millis();
        return d.over(now, ttl) ? Optional.empty()
                : Optional.of("no longer over its limit: " + d.describe(now, ttl));
    }

    private boolean acts(MemorySettings s, String dyno) {
        return s.enabled() && !DynoName.isOneOff(dyno) && s.monitors(DynoName.type(dyno));
    }

    private boolean stale(DrainBatch batch, MemorySettings s, long messageAt) {
        boolean stale = batch.receivedAt() - messageAt > s.maxSampleAge().toMillis();
        if (stale) {
            meters.counter("guardian.memory.stale.evidence", "app", batch.app()).increment();
        }
        return stale;
    }
}
