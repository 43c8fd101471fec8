package dev.dynoguardian.latency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Test helpers building {@link DynoObservation}s: busy, healthy-looking dynos unless told otherwise. */
final class Dynos {

    static final Duration OLD = Duration.ofHours(1);

    private Dynos() {
    }

    /** A dyno whose mean, p50 and trimmed mean are all {@code ms}, with 600 requests and no errors. */
    static DynoObservation dyno(String name, double ms) {
        return new DynoObservation(name, 600, ms, ms, ms, 0.6, 600, 0, true, OLD);
    }

    /** Dynos web.1..web.n with the given statistics. */
    static List<DynoObservation> formation(double... ms) {
        List<DynoObservation> dynos = new ArrayList<>(ms.length);
        for (int i = 0; i < ms.length; i++) {
            dynos.add(dyno("web." + (i + 1), ms[i]));
        }
        return dynos;
    }

    static DynoObservation withErrors(DynoObservation d, long requests, long errors) {
        return new DynoObservation(d.dyno(), d.samples(), d.meanMs(), d.p50Ms(), d.trimmedMeanMs(), d.logSpread(),
                requests, errors, d.up(), d.uptime());
    }

    /** The dyno with {@code samples} timed requests and as many requests in all (no errors). */
    static DynoObservation withSamples(DynoObservation d, long samples) {
        return new DynoObservation(d.dyno(), samples, d.meanMs(), d.p50Ms(), d.trimmedMeanMs(), d.logSpread(),
                samples, 0, d.up(), d.uptime());
    }

    static DynoObservation withUptime(DynoObservation d, Duration uptime) {
        return new DynoObservation(d.dyno(), d.samples(), d.meanMs(), d.p50Ms(), d.trimmedMeanMs(), d.logSpread(),
                d.requests(), d.dynoErrors(), d.up(), uptime);
    }

    static DynoObservation down(DynoObservation d) {
        return new DynoObservation(d.dyno(), d.samples(), d.meanMs(), d.p50Ms(), d.trimmedMeanMs(), d.logSpread(),
                d.requests(), d.dynoErrors(), false, d.uptime());
    }
}
