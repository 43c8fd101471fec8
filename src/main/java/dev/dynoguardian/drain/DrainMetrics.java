package dev.dynoguardian.drain;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;

/**
 * The drain's meters: {@code guardian.drain.requests{app,result}}, {@code guardian.drain.lines{app,kind}},
 * {@code guardian.drain.frames.malformed{app}}, {@code guardian.drain.frames.repaired{app}} (frames read although
 * their octet count was wrong), {@code guardian.drain.count.mismatch{app}}, {@code guardian.drain.decode{app}} (time to
 * decode a body).
 */
final class DrainMetrics {

    private final MeterRegistry meters;

    DrainMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void request(String app, String result) {
        meters.counter("guardian.drain.requests", "app", app, "result", result).increment();
    }

    /** {@code Logplex-Msg-Count} disagreed with the frames found: part of the body was lost or broken. */
    void countMismatch(String app) {
        meters.counter("guardian.drain.count.mismatch", "app", app).increment();
    }

    void decoded(String app, BatchDecoder.Decoded decoded, long nanos) {
        Timer.builder("guardian.drain.decode").tag("app", app).register(meters)
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        for (Map.Entry<LineKind, Integer> e : decoded.lines().entrySet()) {
            meters.counter("guardian.drain.lines", "app", app, "kind", e.getKey().tag()).increment(e.getValue());
        }
        if (decoded.malformed() > 0) {
            meters.counter("guardian.drain.frames.malformed", "app", app).increment(decoded.malformed());
        }
        if (decoded.repaired() > 0) {
            meters.counter("guardian.drain.frames.repaired", "app", app).increment(decoded.repaired());
        }
    }
}
