package dev.dynoguardian.latency;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The simulation's stand-in for the dynos' {@link DynoWindow}s: per dyno, the requests of the last two minutes, one
 * histogram per minute, each request recorded as {@link DynoWindow#record} records it (untimed requests count as
 * requests only, times clamped to 1 ms..{@link DynoWindow#MAX_MS}). A snapshot taken in the last millisecond of a
 * minute equals the 2-minute {@link DynoWindow}'s (its 12 buckets are then exactly the two minutes; {@code
 * MinuteWindowsTest} checks it). A {@link DynoWindow} takes every expired 10-second bucket's counts out of its
 * totals, work a simulation of hours of traffic per second does not need.
 */
final class MinuteWindows {

    static final long MINUTE_MS = 60_000;

    private final List<Minute[]> dynos = new ArrayList<>();

    /** Forgets everything recorded and makes room for dynos 0 to {@code n - 1}. */
    void reset(int n) {
        while (dynos.size() < n) {
            dynos.add(new Minute[] {new Minute(), new Minute()});
        }
        for (Minute[] minutes : dynos) {
            minutes[0].reset(Long.MIN_VALUE);
            minutes[1].reset(Long.MIN_VALUE);
        }
    }

    /** One request of dyno {@code dyno} at epoch ms {@code at}: its time in ms, or -1 when untimed (an error). */
    void record(int dyno, long at, long ms, boolean dynoError) {
        long minute = Math.floorDiv(at, MINUTE_MS);
        Minute m = dynos.get(dyno)[(int) Math.floorMod(minute, 2L)];
        if (m.minute != minute) {
            m.reset(minute);
        }
        m.requests++;
        if (dynoError) {
            m.errors++;
        }
        if (ms >= 0) {
            long value = Math.min(Math.max(ms, 1), DynoWindow.MAX_MS);
            m.histogram.recordValue(value);
            m.sumMs += value;
        }
    }

    /** The dyno's window as of {@code now}: the minute holding {@code now} and the one before. */
    DynoWindow.Snapshot snapshot(int dyno, long now) {
        long minute = Math.floorDiv(now, MINUTE_MS);
        Histogram histogram = new Histogram(1, DynoWindow.MAX_MS, 2);
        double sumMs = 0;
        long requests = 0;
        long errors = 0;
        for (Minute m : dynos.get(dyno)) {
            if (m.minute == minute || m.minute == minute - 1) {
                histogram.add(m.histogram);
                sumMs += m.sumMs;
                requests += m.requests;
                errors += m.errors;
            }
        }
        return new DynoWindow.Snapshot(histogram, sumMs, requests, errors);
    }

    private static final class Minute {
        final Histogram histogram = new Histogram(1, DynoWindow.MAX_MS, 2);
        long minute = Long.MIN_VALUE;
        double sumMs;
        long requests;
        long errors;

        void reset(long newMinute) {
            minute = newMinute;
            histogram.reset();
            sumMs = 0;
            requests = 0;
            errors = 0;
        }
    }
}
