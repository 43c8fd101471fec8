package dev.dynoguardian.status;

import dev.dynoguardian.drain.DynoName;
import dev.dynoguardian.drain.FormationView;
import dev.dynoguardian.health.DrainFreshness;
import dev.dynoguardian.latency.LatencyReading;
import dev.dynoguardian.latency.LatencyWindows;
import dev.dynoguardian.memory.MemoryReadings;
import dev.dynoguardian.restart.LedgerEntry;
import dev.dynoguardian.restart.Pause;
import dev.dynoguardian.restart.PauseControl;
import dev.dynoguardian.restart.PolicyOverview;
import dev.dynoguardian.restart.RestartLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** What the guardian sees and did, per app and per dyno: the read model behind the admin API and the metrics. */
@Service
public class GuardianStatus {

    private final FormationView formation;
    private final MemoryReadings memory;
    private final LatencyWindows latency;
    private final RestartLedger ledger;
    private final PolicyOverview policy;
    private final PauseControl pauses;
    private final DrainFreshness freshness;
    private final Clock clock;

    GuardianStatus(FormationView formation, MemoryReadings memory, LatencyWindows latency, RestartLedger ledger,
                   PolicyOverview policy, PauseControl pauses, DrainFreshness freshness, Clock clock) {
        this.formation = formation;
        this.memory = memory;
        this.latency = latency;
        this.ledger = ledger;
        this.policy = policy;
        this.pauses = pauses;
        this.freshness = freshness;
        this.clock = clock;
    }

    public AppStatus app(String app) {
        Instant now = clock.instant();
        DrainFreshness.Freshness drain = freshness.view().get(app);
        return AppStatus.of(app, drain, formation.dynos(app).size(), ledger.actionsInLastHour(app, now),
                policy.state(app), pause(app).orElse(null));
    }

    /** The guardian's own pause, {@code dryRun}, and each of {@code apps}. */
    public GuardianOverview overview(List<String> apps, boolean dryRun) {
        Pause pause = pauses.active(null).orElse(null);
        return new GuardianOverview(pause != null, pause == null ? null : pause.reason(),
                pause == null ? null : pause.until(), pause == null ? null : pause.pausedBy(), dryRun,
                apps.stream().map(this::app).toList());
    }

    /** The pause holding the app: the guardian's when in force (it must be lifted first), else the app's own. */
    private Optional<Pause> pause(String app) {
        return pauses.active(null).or(() -> pauses.active(app));
    }

    /** {@code global}, {@code app} or null: which resume lifts the pause that holds the app. */
    static String pauseScope(Pause pause) {
        if (pause == null) {
            return null;
        }
        return pause.global() ? "global" : "app";
    }

    public List<DynoStatus> dynos(String app) {
        Instant now = clock.instant();
        Map<String, LedgerEntry> last = ledger.latestPerDyno(app);
        return formation.dynos(app).stream().map(seen -> new DynoStatus(seen.dyno(), DynoName.type(seen.dyno()),
                seen.state(), seen.stateSince(), seen.incarnation(), seen.lastSeen(),
                memory.latest(app, seen.dyno()).map(m -> memory(m, now)).orElse(null),
                latency.reading(app, seen.dyno(), now.toEpochMilli()).map(GuardianStatus::latency).orElse(null),
                last.containsKey(seen.dyno()) ? action(last.get(seen.dyno())) : null)).toList();
    }

    private static DynoStatus.Memory memory(MemoryReadings.MemoryReading m, Instant now) {
        double fraction = m.fractionOfQuota();
        return new DynoStatus.Memory(m.totalMb(), orNull(m.quotaMb()), Double.isNaN(fraction) ? null : fraction * 100,
                orNull(m.limitMb()), Double.isNaN(m.swapMb()) ? 0 : m.swapMb(),
                Duration.between(m.receivedAt(), now).toSeconds());
    }

    private static DynoStatus.Latency latency(LatencyReading l) {
        return new DynoStatus.Latency(l.timed(), l.requests(), l.routerErrors(), orNull(l.meanMs()), orNull(l.p50Ms()),
                orNull(l.p95Ms()), orNull(l.p99Ms()));
    }

    private static DynoStatus.LastAction action(LedgerEntry e) {
        return new DynoStatus.LastAction(e.id(), e.requestedBy(), e.action(), e.rule(), e.outcome(), e.reason(),
                e.decidedAt());
    }

    private static Double orNull(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
