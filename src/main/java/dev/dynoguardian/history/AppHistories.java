package dev.dynoguardian.history;

import dev.dynoguardian.drain.DynoName;
import dev.dynoguardian.restart.LedgerEntry;
import dev.dynoguardian.restart.Outcome;
import dev.dynoguardian.restart.PausePeriods;
import dev.dynoguardian.restart.RestartLedger;
import dev.dynoguardian.restart.UnknownAppException;
import dev.dynoguardian.system.WatchedApps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/**
 * Builds an app's {@link AppHistory}: this instance's samples, and the actions and pauses from the database, which
 * every instance shares.
 */
@Service
public class AppHistories {

    /** The spans the status page offers, in minutes. */
    public static final Set<Integer> SPANS = Set.of(15, 60, 360);
    private static final List<Outcome> MARKED = List.of(Outcome.RESTARTED, Outcome.STOPPED, Outcome.PENDING,
            Outcome.DRY_RUN, Outcome.UNKNOWN, Outcome.FAILED);
    private static final int MAX_MARKS = 2000;

    private final HistorySampler sampler;
    private final RestartLedger ledger;
    private final PausePeriods pauses;
    private final WatchedApps apps;
    private final Duration interval;
    private final Clock clock;

    AppHistories(HistorySampler sampler, RestartLedger ledger, PausePeriods pauses, WatchedApps apps,
                 HistoryProperties properties, Clock clock) {
        this.sampler = sampler;
        this.ledger = ledger;
        this.pauses = pauses;
        this.apps = apps;
        this.interval = properties.sampleInterval();
        this.clock = clock;
    }

    /** The app's last {@code minutes} (15, 60 or 360). */
    public AppHistory history(String app, int minutes) {
        if (!SPANS.contains(minutes)) {
            throw new IllegalArgumentException("minutes must be 15, 60 or 360, not " + minutes);
        }
        if (apps.find(app).isEmpty()) {
            throw new UnknownAppException(app);
        }
        Instant now = clock.instant();
        Instant from = now.minus(Duration.ofMinutes(minutes));
        Map<String, List<DynoRing.Series>> samples = sampler.since(app, from.getEpochSecond());
        List<LedgerEntry> entries = ledger.since(app, from, MARKED, MAX_MARKS);
        Map<String, AppHistory.DynoHistory> dynos = new TreeMap<>();
        samples.forEach((dyno, series) -> dynos.put(dyno, dyno(dyno, series, entries)));
        for (LedgerEntry e : entries) {
            dynos.computeIfAbsent(e.dyno(), d -> dyno(d, List.of(), entries));
        }
        List<AppHistory.Mark> marks = entries.stream().sorted(Comparator.comparing(LedgerEntry::decidedAt))
                .map(e -> new AppHistory.Mark(e.id(), e.dyno(), e.decidedAt(), e.action(), e.outcome(),
                        e.requestedBy(), e.reason())).toList();
        return new AppHistory(app, minutes, from, now, interval.toSeconds(), List.copyOf(dynos.values()),
                medians(samples), marks, pauses.overlapping(app, from));
    }

    private static AppHistory.DynoHistory dyno(String dyno, List<DynoRing.Series> series, List<LedgerEntry> entries) {
        long newest = series.stream().flatMap(s -> s.samples().stream()).mapToLong(DynoRing.Sample::epochSecond)
                .max().orElse(Long.MIN_VALUE);
        Instant replaced = entries.stream().filter(e -> e.dyno().equals(dyno) && Outcome.mayHaveReplaced(e.outcome()))
                .map(LedgerEntry::decidedAt).max(Comparator.naturalOrder()).orElse(null);
        Instant waiting = replaced != null && replaced.getEpochSecond() >= newest ? replaced : null;
        return new AppHistory.DynoHistory(dyno, DynoName.type(dyno), waiting, series.stream()
                .map(s -> new AppHistory.Incarnation(s.incarnation(), orNull(s.quotaMb()), s.samples().stream()
                        .map(p -> new AppHistory.Point(p.epochSecond() * 1000, orNull(p.memoryMb()), orNull(p.p50Ms()),
                                orNull(p.p95Ms()))).toList())).toList());
    }

    /** Per process type and sampling time, the median p50 and p95 of its dynos sampled then. */
    private static List<AppHistory.TypeMedian> medians(Map<String, List<DynoRing.Series>> samples) {
        Map<String, TreeMap<Long, List<DynoRing.Sample>>> byType = new TreeMap<>();
        samples.forEach((dyno, series) -> series.forEach(s -> s.samples().forEach(p -> {
            if (!Float.isNaN(p.p50Ms())) {
                byType.computeIfAbsent(DynoName.type(dyno), t -> new TreeMap<>())
                        .computeIfAbsent(p.epochSecond(), t -> new ArrayList<>()).add(p);
            }
        })));
        List<AppHistory.TypeMedian> out = new ArrayList<>();
        byType.forEach((type, times) -> out.add(new AppHistory.TypeMedian(type, times.entrySet().stream()
                .map(e -> new AppHistory.Point(e.getKey() * 1000, null,
                        median(e.getValue().stream().mapToDouble(DynoRing.Sample::p50Ms).toArray()),
                        median(e.getValue().stream().mapToDouble(DynoRing.Sample::p95Ms).toArray()))).toList())));
        return out;
    }

    private static Double median(double[] values) {
        double[] known = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (known.length == 0) {
            return null;
        }
        int mid = known.length / 2;
        return known.length % 2 == 1 ? known[mid] : (known[mid - 1] + known[mid]) / 2;
    }

    private static Double orNull(float value) {
        return Float.isNaN(value) ? null : (double) value;
    }
}
