package dev.dynoguardian.memory;

import dev.dynoguardian.drain.DrainBatch;
import dev.dynoguardian.drain.DrainListener;
import dev.dynoguardian.drain.DrainProperties;
import dev.dynoguardian.drain.DynoDirectory;
import dev.dynoguardian.drain.DynoName;
import dev.dynoguardian.drain.DynoTable;
import dev.dynoguardian.drain.HerokuEvent;
import dev.dynoguardian.restart.RestartPolicy;
import dev.dynoguardian.restart.RestartRequest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Asks the RestartPolicy to restart a monitored dyno when the platform reports R14 or R15 for it, or when a
 * {@code log-runtime-metrics} sample's {@code memory_total} exceeds the type's threshold. Only platform lines count
 * (the drain never turns the app's own text into these events); one-off dynos are never asked about. At most
 * {@code guardian.drain.max-dynos} dynos are tracked per app ({@link DynoTable}), and a batch's requests are handed to
 * the policy after the whole batch is read, so a batch costs time linear in its size.
 */
@Component
class MemoryGuardian implements DrainListener, MemoryReadings {

    /** Dynos silent this long are forgotten (one-off dynos and Fir's changing names would pile up otherwise). */
    private static final long FORGET_AFTER_MILLIS = 30 * 60_000;

    private final Map<String, MemorySettings> settings = new HashMap<>();
    /** Per app, when its silent dynos were last forgotten (epoch ms). */
    private final Map<String, Long> lastSweep = new ConcurrentHashMap<>();
    private final DynoTable<DynoMemory> dynos;
    private final RestartPolicy policy;
    private final Clock clock;
    private final MeterRegistry meters;

    MemoryGuardian(AppMemorySettings apps, RestartPolicy policy, Clock clock, MeterRegistry meters,
                   DrainProperties drain, DynoDirectory directory) {
        settings.putAll(apps.byApp());
        this.dynos = new DynoTable<>("memory", drain.maxDynos(), drain.maxDynos(), directory, meters);
        this.policy = policy;
        this.clock = clock;
        this.meters = meters;
    }

    /** A restart to ask for once the whole batch is read. */
    private record Wanted(String dyno, DynoMemory memory, String incarnation, String reason, String evidence) {
    }

    @Override
    public void onBatch(DrainBatch batch) {
        MemorySettings s = settings.get(batch.app());
        if (s == null) {
            return;
        }
        String app = batch.app();
        sweep(app, batch.receivedAt());
        List<Wanted> wanted = new ArrayList<>();
        for (HerokuEvent event : batch.events()) {
            if (event instanceof HerokuEvent.MemorySample m) {
                DynoMemory d = dynos.admit(app, m.dyno(), n -> new DynoMemory());
                if (d != null) {
                    onSample(batch, s, d, m, wanted);
                }
            } else if (event instanceof HerokuEvent.ProcessMemory p) {
                DynoMemory d = dynos.admit(app, p.dyno(), n -> new DynoMemory());
                if (d != null) {
                    d.processMemory(p, batch.receivedAt());
                }
            } else if (event instanceof HerokuEvent.MemoryError e) {
                DynoMemory d = dynos.admit(app, e.dyno(), n -> new DynoMemory());
                if (d != null) {
                    onError(batch, s, d, e, wanted);
                }
            }
        }
        if (!wanted.isEmpty()) {
            submit(batch, s, wanted);
        }
    }

    private void sweep(String app, long now) {
        if (now - lastSweep.getOrDefault(app, 0L) > 60_000) {
            lastSweep.put(app, now);
            dynos.removeIf(app, d -> d.silentSince(now - FORGET_AFTER_MILLIS));
        }
    }

    @Override
    public Optional<MemoryReading> latest(String app, String dyno) {
        DynoMemory d = dynos.get(app, dyno);
        return d == null ? Optional.empty() : d.reading();
    }

    private void onSample(DrainBatch batch, MemorySettings s, DynoMemory d, HerokuEvent.MemorySample m,
                          List<Wanted> wanted) {
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
        wanted.add(new Wanted(m.dyno(), d, m.incarnation(), reason, evidence));
    }

    private void onError(DrainBatch batch, MemorySettings s, DynoMemory d, HerokuEvent.MemoryError e,
                         List<Wanted> wanted) {
        d.error(e.code(), batch.receivedAt());
        boolean acted = "R15".equals(e.code()) ? s.restartOnR15() : s.restartOnR14();
        if (!acted || !acts(s, e.dyno()) || stale(batch, s, e.at())) {
            return;
        }
        if (d.justReplaced(batch.receivedAt(), s.prebootGrace().toMillis())) {
            meters.counter("guardian.memory.preboot.errors", "app", batch.app()).increment();
            return;
        }
        long now = batch.receivedAt();
        wanted.add(new Wanted(e.dyno(), d, d.incarnation(), e.code(), d.describe(now, s.evidenceTtl().toMillis())));
    }

    /**
     * Asks for the batch's restarts, each saying whether many dynos of its type are over their limit at once
     * (counted once per type for the batch).
     */
    private void submit(DrainBatch batch, MemorySettings s, List<Wanted> wanted) {
        long ttl = s.evidenceTtl().toMillis();
        Map<String, long[]> byType = new HashMap<>();
        wanted.forEach(w -> byType.put(DynoName.type(w.dyno()), new long[2]));
        dynos.forEach(batch.app(), (name, memory) -> {
            long[] counts = byType.get(DynoName.type(name));
            if (counts != null) {
                counts[0]++;
                counts[1] += memory.over(batch.receivedAt(), ttl) ? 1 : 0;
            }
        });
        for (Wanted w : wanted) {
            String type = DynoName.type(w.dyno());
            long size = byType.get(type)[0];
            long over = byType.get(type)[1];
            boolean formationWide = over >= 2 && over * 2 > size;
            String wide = formationWide ? "; " + over + " of " + size + " " + type + " dynos over their limit" : "";
            RestartRequest.EvidenceCheck check = () -> stillOver(w.memory(), w.incarnation(), ttl);
            policy.submit(RestartRequest.memory(batch.app(), w.dyno(), w.incarnation(), w.reason(),
                    w.evidence() + wide, formationWide, check));
        }
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
