package dev.dynoguardian.latency;

import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * One dyno's sliding window: {@value #BUCKETS} time buckets, each with request and error counts, the sum of the
 * timed requests and an HdrHistogram of them (1 ms to 60 s, 2 significant digits; slower requests count as 60 s),
 * plus running totals over the live buckets, so a snapshot costs one histogram copy whatever the traffic. Memory
 * grows with the number of dynos, never with the number of requests. Recording is synchronized on the window
 * (uncontended in practice) and allocation-free once a bucket exists.
 */
final class DynoWindow {

    static final int BUCKETS = 12;
    static final long MAX_MS = 60_000;

    private final long bucketMillis;
    private final Bucket[] buckets = new Bucket[BUCKETS];
    private final Bucket total = new Bucket();
    private long lastSeen;

    DynoWindow(Duration window) {
        this.bucketMillis = Math.max(1, window.toMillis() / BUCKETS);
    }

    /**
     * One request at epoch ms {@code at}: its response time in ms, or -1 when it was not timed (an error). A request
     * older than the window is dropped.
     */
    synchronized void record(long at, long ms, boolean dynoError) {
        Bucket b = bucket(at);
        if (b == null) {
            return;
        }
        long value = ms < 0 ? -1 : Math.min(Math.max(ms, 1), MAX_MS);
        b.add(value, dynoError);
        total.add(value, dynoError);
        lastSeen = Math.max(lastSeen, at);
    }

    /** Forgets everything recorded: the dyno was replaced and its successor is judged afresh. */
    synchronized void clear() {
        for (Bucket b : buckets) {
            if (b != null) {
                b.reset(Long.MIN_VALUE);
            }
        }
        total.reset(0);
    }

    synchronized long lastSeen() {
        return lastSeen;
    }

    /** The window's content as of {@code now}: histogram, sum, requests and errors of the live buckets. */
    synchronized Snapshot snapshot(long now) {
        long oldest = slot(now) - BUCKETS + 1;
        for (Bucket b : buckets) {
            if (b != null && b.slot < oldest && b.requests > 0) {
                expire(b, Long.MIN_VALUE);
            }
        }
        Histogram copy = new Histogram(1, MAX_MS, 2);
        copy.add(total.histogram);
        return new Snapshot(copy, total.sumMs, total.requests, total.errors);
    }

    /** What a window held at one moment. */
    record Snapshot(Histogram histogram, double sumMs, long requests, long errors) {
    }

    private long slot(long at) {
        return Math.floorDiv(at, bucketMillis);
    }

    private Bucket bucket(long at) {
        long slot = slot(at);
        int index = (int) Math.floorMod(slot, BUCKETS);
        Bucket b = buckets[index];
        if (b == null) {
            b = new Bucket();
            buckets[index] = b;
            b.reset(slot);
        } else if (b.slot < slot) {
            expire(b, slot);
        } else if (b.slot > slot) {
            return null;
        }
        return b;
    }

    /** Takes a bucket's content out of the totals and reuses it for {@code newSlot}. */
    private void expire(Bucket b, long newSlot) {
        total.histogram.subtract(b.histogram);
        total.sumMs -= b.sumMs;
        total.requests -= b.requests;
        total.errors -= b.errors;
        b.reset(newSlot);
    }

    private static final class Bucket {
        final IntCountsHistogram histogram = new IntCountsHistogram(1, MAX_MS, 2);
        long slot;
        double sumMs;
        long requests;
        long errors;

        void add(long ms, boolean error) {
            requests++;
            if (error) {
                errors++;
            }
            if (ms > 0) {
                histogram.recordValue(ms);
                sumMs += ms;
            }
        }

        void reset(long newSlot) {
            slot = newSlot;
            histogram.reset();
            sumMs = 0;
            requests = 0;
            errors = 0;
        }
    }
}
