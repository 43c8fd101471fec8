package dev.dynoguardian.latency;

import dev.dynoguardian.drain.DrainBatch;
import dev.dynoguardian.drain.DrainListener;
import dev.dynoguardian.drain.DrainProperties;
import dev.dynoguardian.drain.DynoDirectory;
import dev.dynoguardian.drain.DynoName;
import dev.dynoguardian.drain.DynoTable;
import dev.dynoguardian.drain.FormationView;
import dev.dynoguardian.drain.HerokuEvent;
import dev.dynoguardian.drain.HerokuEvent.Lifecycle;
import dev.dynoguardian.system.GuardianProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Per-dyno latency windows fed by the router lines of the drain (and, when configured, by timings the app prints).
 * A dyno's window is cleared when it restarts, so its successor is judged afresh. A window costs tens of KB, so only
 * dynos the Platform API lists have one, up to {@code guardian.drain.max-dynos} per app, plus at most
 * {@value #PROBATION} names per app it does not list yet (a dyno just scaled up); in dry-run, which calls no API, the
 * drain's names up to the bound.
 * <p>
 * App lines are less trustworthy than router lines: the app prints whatever it likes. A timing is read from one only
 * when the pattern's {@code dyno} group names the very dyno that printed the line (its PROCID), the line is at most
 * {@value #MAX_APP_LINE} characters, and the match finishes within a bounded number of steps.
 */
@Component
public class LatencyWindows implements DrainListener {

    private static final Logger log = LoggerFactory.getLogger(LatencyWindows.class);
    static final int PROBATION = 50;
    static final int MAX_APP_LINE = 4096;
    private static final Set<String> DOWN = Set.of("starting", "crashed", "down");

    private final Map<String, LatencySettings> settings = new HashMap<>();
    private final Map<String, Pattern> appLinePatterns = new HashMap<>();
    private final DynoTable<DynoWindow> windows;
    private final FormationView formation;
    private final Map<String, Long> tooCostlyLoggedAt = new ConcurrentHashMap<>();

    LatencyWindows(AppLatencySettings apps, FormationView formation, DrainProperties drain, DynoDirectory directory,
                   GuardianProperties guardian, MeterRegistry meters) {
        apps.byApp().forEach((app, s) -> {
            settings.put(app, s);
            Pattern p = s.compiledAppLinePattern();
            if (p != null) {
                appLinePatterns.put(app, p);
            }
        });
        this.formation = formation;
        this.windows = new DynoTable<>("latency", drain.maxDynos(), guardian.dryRun() ? drain.maxDynos() : PROBATION,
                directory, meters);
    }

    @Override
    public boolean wantsAppLines() {
        return !appLinePatterns.isEmpty();
    }

    @Override
    public void onBatch(DrainBatch batch) {
        LatencySettings s = settings.get(batch.app());
        if (s == null) {
            return;
        }
        long now = batch.receivedAt();
        long oldest = now - s.window().toMillis();
        for (HerokuEvent event : batch.events()) {
            if (event instanceof HerokuEvent.RouterRequest r) {
                if (r.dyno() != null && r.at() >= oldest && !DynoName.isOneOff(r.dyno())) {
                    DynoWindow w = window(batch.app(), r.dyno(), s);
                    if (w != null) {
                        w.record(Math.min(r.at(), now), RouterTiming.millis(r, s.includeConnect()),
                                RouterTiming.dynoError(r));
                    }
                }
            } else if (event instanceof Lifecycle l && restarting(l)) {
                clear(batch.app(), l.dyno(), Math.min(l.at(), now));
            } else if (event instanceof HerokuEvent.AppLine line && line.at() >= oldest) {
                appLine(batch.app(), s, line, now);
            }
        }
    }

    /** The dyno's window as of {@code now}, if it has one. */
    Optional<DynoWindow.Snapshot> snapshot(String app, String dyno, long now) {
        DynoWindow w = windows.get(app, dyno);
        return w == null ? Optional.empty() : Optional.of(w.snapshot(now));
    }

    /**
     * The dyno's window as of {@code now} merged with the buckets other instances published for it (see
     * {@link DynoWindow#snapshot(long, java.util.Collection, long)}), if either has anything.
     */
    Optional<DynoWindow.Snapshot> snapshot(String app, String dyno, long now, List<SharedBucket> others, long since) {
        DynoWindow w = windows.get(app, dyno);
        if (w == null && (others.isEmpty() || !settings.containsKey(app))) {
            return Optional.empty();
        }
        return Optional.of((w != null ? w : new DynoWindow(settings.get(app).window())).snapshot(now, others, since));
    }

    /** The app's buckets that closed before {@code now} and changed since last asked, to publish for other instances. */
    List<SharedBucket> closedBuckets(String app, long now) {
        List<SharedBucket> closed = new ArrayList<>();
        windows.forEach(app, (dyno, w) -> w.closedBuckets(dyno, now, closed));
        return closed;
    }

    /** The dyno's window in numbers, as of {@code now} (epoch ms). */
    public Optional<LatencyReading> reading(String app, String dyno, long now) {
        return snapshot(app, dyno, now).map(LatencyWindows::reading);
    }

    /** As {@link #reading(String, String, long)}, merged with the buckets other instances published for the dyno. */
    Optional<LatencyReading> reading(String app, String dyno, long now, List<SharedBucket> others) {
        return snapshot(app, dyno, now, others, Long.MIN_VALUE).map(LatencyWindows::reading);
    }

    private static LatencyReading reading(DynoWindow.Snapshot s) {
        long timed = s.histogram().getTotalCount();
        double mean = timed == 0 ? Double.NaN : s.sumMs() / timed;
        return new LatencyReading(timed, s.requests(), s.errors(), mean, percentile(s, 50, timed),
                percentile(s, 95, timed), percentile(s, 99, timed));
    }

    private static double percentile(DynoWindow.Snapshot s, double p, long timed) {
        return timed == 0 ? Double.NaN : s.histogram().getValueAtPercentile(p);
    }

    /**
     * Forgets a dyno's timings: it was replaced at epoch ms {@code at}, and buckets other instances published that
     * began before then no longer count either.
     */
    void clear(String app, String dyno, long at) {
        DynoWindow w = windows.get(app, dyno);
        if (w != null) {
            w.clear(at);
        }
    }

    private void appLine(String app, LatencySettings s, HerokuEvent.AppLine line, long now) {
        Pattern pattern = appLinePatterns.get(app);
        if (pattern == null || line.message().length() > MAX_APP_LINE || !DynoName.isDyno(line.source())) {
            return;
        }
        Matcher m = pattern.matcher(new BoundedText(line.message()));
        try {
            if (!m.find() || !line.source().equals(m.group("dyno"))) {
                return;
            }
        } catch (BoundedText.TooCostly tooCostly) {
            tooCostly(app);
            return;
        }
        String dyno = line.source();
        if (!formation.seen(app, dyno) || DynoName.isOneOff(dyno)) {
            return;
        }
        try {
            long ms = Math.round(Double.parseDouble(m.group("seconds")) * 1000);
            DynoWindow w = ms >= 0 ? window(app, dyno, s) : null;
            if (w != null) {
                w.record(Math.min(line.at(), now), ms, false);
            }
        } catch (NumberFormatException notATiming) {
            // the app printed something that is not a number where the pattern expects seconds: not a timing
        }
    }

    /** A line the pattern could not finish matching in its budget: said once a minute per app. */
    private void tooCostly(String app) {
        long now = System.nanoTime();
        Long last = tooCostlyLoggedAt.get(app);
        if (last == null || now - last > 60_000_000_000L) {
            tooCostlyLoggedAt.put(app, now);
            log.warn("guardian.latency.app-line-pattern of app {} gave up on a line after {} steps: the pattern"
                    + " backtracks too much on some lines; such lines are skipped", app, BoundedText.MAX_STEPS);
        }
    }

    /** The dyno's window, created if the table has room for it; null when it has none. */
    private DynoWindow window(String app, String dyno, LatencySettings s) {
        return windows.admit(app, dyno, d -> new DynoWindow(s.window()));
    }

    private static boolean restarting(Lifecycle l) {
        return l.kind() != Lifecycle.Kind.STATE_CHANGED || DOWN.contains(l.to());
    }
}
