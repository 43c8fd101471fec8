package dev.dynoguardian.latency;

import dev.dynoguardian.heroku.PlatformFormation.PlatformDyno;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A read-only view of the latency guardian's judgement for others (the rolling restarts): whether a fresh dyno stands
 * out against the others of its type by the detector's own rules, and the router error rate of a type. Nothing here
 * changes a window or a streak, nor asks for an action.
 */
@Component
public class LatencyHealth {

    /** What the latency guardian can say of a dyno. */
    public enum Health {
        /** The latency guardian is off for the app or does not watch the dyno's type. */
        NOT_WATCHED,
        /** Too few dynos, or too few requests yet, to judge it. */
        NOT_JUDGED,
        /** Judged and not an outlier. */
        HEALTHY,
        /** Judged and an outlier (slow or failing); the detail says why. */
        OUTLIER
    }

    /** A judgement and why. */
    public record Judgement(Health health, String detail) {
    }

    /** Requests the router sent to a type's dynos in the window, and those that failed because of a dyno. */
    public record RouterErrors(long requests, long errors) {

        public double rate() {
            return requests == 0 ? 0 : (double) errors / requests;
        }
    }

    private final Map<String, LatencySettings> settings;
    private final LatencyWindows windows;
    private final SharedWindows shared;
    private final Clock clock;

    LatencyHealth(AppLatencySettings settings, LatencyWindows windows, SharedWindows shared, Clock clock) {
        this.settings = settings.byApp();
        this.windows = windows;
        this.shared = shared;
        this.clock = clock;
    }

    /**
     * Judges {@code dyno}, just replaced, against the other dynos of its type ({@code dynos}, as the Platform API
     * lists them) with the detector's rules, as if it had been up long enough to be judged: once it has
     * {@code guardian.latency.min-samples} requests, it is healthy unless it stands out.
     */
    public Judgement replacement(String app, String dyno, List<PlatformDyno> dynos) {
        LatencySettings s = settings.get(app);
        Optional<PlatformDyno> listed = dynos.stream().filter(d -> d.name().equals(dyno)).findFirst();
        if (s == null || !s.enabled() || listed.isEmpty()
                || s.dynoTypes().stream().map(String::trim).noneMatch(listed.get().type()::equals)) {
            return new Judgement(Health.NOT_WATCHED, "the latency guardian does not watch " + dyno);
        }
        Instant now = clock.instant();
        DetectorSettings detector = s.detector();
        List<DynoObservation> observed = Observations.of(windows, app, dynos, now, shared.others(app, now)).stream()
                .map(o -> o.dyno().equals(dyno) ? oldEnough(o, detector.minUptime()) : o).toList();
        Analysis analysis = OutlierDetector.analyze(observed, detector);
        Optional<DynoAssessment> assessed = analysis.dynos().stream().filter(d -> d.dyno().equals(dyno)).findFirst();
        if (assessed.isEmpty() || (assessed.get().eligibility() != Eligibility.CANDIDATE
                && assessed.get().eligibility() != Eligibility.ERROR_RATE_ONLY)) {
            return new Judgement(Health.NOT_JUDGED, "not judged yet: " + analysis.reason());
        }
        DynoAssessment a = assessed.get();
        return a.outlier() ? new Judgement(Health.OUTLIER, String.join(", ", a.findings()))
                : new Judgement(Health.HEALTHY, a.compact());
    }

    /** The type's router errors over the latency window, from every listed dyno of the type. */
    public RouterErrors routerErrors(String app, List<PlatformDyno> dynos) {
        Instant now = clock.instant();
        long requests = 0;
        long errors = 0;
        for (DynoObservation o : Observations.of(windows, app, dynos, now, shared.others(app, now))) {
            requests += o.requests();
            errors += o.dynoErrors();
        }
        return new RouterErrors(requests, errors);
    }

    private static DynoObservation oldEnough(DynoObservation o, Duration minUptime) {
        return new DynoObservation(o.dyno(), o.samples(), o.meanMs(), o.p50Ms(), o.trimmedMeanMs(), o.logSpread(),
                o.requests(), o.dynoErrors(), o.up(), o.uptime().compareTo(minUptime) < 0 ? minUptime : o.uptime());
    }
}
