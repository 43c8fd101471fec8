package dev.dynoguardian.drain;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The drain's meters: {@code guardian.drain.requests{app,result}}, {@code guardian.drain.lines{app,kind}},
 * {@code guardian.drain.frames.malformed{app}}, {@code guardian.drain.frames.repaired{app}} (frames read although
 * their octet count was wrong), {@code guardian.drain.count.mismatch{app}}, {@code guardian.drain.decode{app}} (time to
 * decode a body). Each request counts in several of them, so each app's meters are looked up in the registry once
 * (each on first use, so that no series is served before it has something to count) and kept.
 */
final class DrainMetrics {

    private final MeterRegistry meters;
    private final Map<String, AppMeters> apps = new ConcurrentHashMap<>();

    DrainMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void request(String app, String result) {
        of(app).requests.computeIfAbsent(result,
                r -> meters.counter("guardian.drain.requests", "app", app, "result", r)).increment();
    }

    /** {@code Logplex-Msg-Count} disagreed with the frames found: part of the body was lost or broken. */
    void countMismatch(String app) {
        meters.counter("guardian.drain.count.mismatch", "app", app).increment();
    }

    void decoded(String app, BatchDecoder.Decoded decoded, long nanos) {
        AppMeters m = of(app);
        m.decode.record(nanos, TimeUnit.NANOSECONDS);
        for (Map.Entry<LineKind, Integer> e : decoded.lines().entrySet()) {
            m.lines(e.getKey()).increment(e.getValue());
        }
        if (decoded.malformed() > 0) {
            meters.counter("guardian.drain.frames.malformed", "app", app).increment(decoded.malformed());
        }
        if (decoded.repaired() > 0) {
            meters.counter("guardian.drain.frames.repaired", "app", app).increment(decoded.repaired());
        }
    }

    private AppMeters of(String app) {
        return apps.computeIfAbsent(app, a -> new AppMeters(a, meters));
    }

    private static final class AppMeters {
        final String app;
        final MeterRegistry meters;
        final Timer decode;
        final Map<String, Counter> requests = new ConcurrentHashMap<>();
        final Counter[] lines = new Counter[LineKind.values().length];

        AppMeters(String app, MeterRegistry meters) {
            this.app = app;
            this.meters = meters;
            this.decode = Timer.builder("guardian.drain.decode").tag("app", app).register(meters);
        }

        /** Racy but safe: the registry hands out one counter per name and tags, whoever asks first. */
        Counter lines(LineKind kind) {
            Counter c = lines[kind.ordinal()];
            if (c == null) {
                c = meters.counter("guardian.drain.lines", "app", app, "kind", kind.tag());
                lines[kind.ordinal()] = c;
            }
            return c;
        }
    }
}
