package dev.dynoguardian.latency;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One dyno's sliding window: {@value #BUCKETS} time buckets, each with request and error counts, the sum of the
 * timed requests and their response times by HdrHistogram bin (1 ms to 60 s, 2 significant digits, see
 * {@link LatencyBins}; slower requests count as 60 s), plus running totals over the live buckets, so a snapshot costs
 * one histogram made of the totals whatever the traffic. A bucket ({@link WindowBucket}) keeps its response times as
 * a list of bins while they are few (two bytes each) and as counts per bin beyond {@value WindowBucket#LISTED} of
 * them, so a window takes about 12 KB at one request a second, 36 KB at 100 and at most about 71 KB, whatever the
 * number of requests. Recording is synchronized on the window (uncontended in practice) and allocation-free once a
 * bucket has grown to its dyno's traffic. A bucket that changed is marked, so that the {@link SharedWindows}
 * publisher copies each closed bucket once (again only if a late line changed it).
 */
final class DynoWindow {

    static final int BUCKETS = 12;
    static final long MAX_MS = 60_000;

    private final long bucketMillis;
    private final WindowBucket[] buckets = new WindowBucket[BUCKETS];
    private final WindowTotals total = new WindowTotals();
    private long lastSeen;
    private long clearedAt = Long.MIN_VALUE;

    DynoWindow(Duration window) {
        this.bucketMillis = Math.max(1, window.toMillis() / BUCKETS);
    }

    /**
     * One request at epoch ms {@code at}: its response time in ms, or -1 when it was not timed (an error). A request
     * older than the window is dropped.
     */
    synchronized void record(long at, long ms, boolean dynoError) {
        WindowBucket b = bucket(at);
        if (b == null) {
            return;
        }
        long value = ms < 0 ? -1 : Math.min(Math.max(ms, 1), MAX_MS);
        b.add(value, dynoError);
        total.add(value, dynoError);
        lastSeen = Math.max(lastSeen, at);
    }

    /**
     * Forgets everything recorded: the dyno was replaced at epoch ms {@code at} and its successor is judged afresh;
     * buckets other instances published that began before {@code at} no longer count either.
     */
    synchronized void clear(long at) {
        clearedAt = Math.max(clearedAt, at);
        for (WindowBucket b : buckets) {
            if (b != null) {
                b.reset(Long.MIN_VALUE);
            }
        }
        total.reset();
    }

    synchronized long lastSeen() {
        return lastSeen;
    }

    /** The window's content as of {@code now}: histogram, sum, requests and errors of the live buckets. */
    synchronized Snapshot snapshot(long now) {
        long oldest = slot(now) - BUCKETS + 1;
        for (WindowBucket b : buckets) {
            if (b != null && b.slot < oldest && b.requests > 0) {
                expire(b, Long.MIN_VALUE);
            }
        }
        return new Snapshot(total.histogram(), total.sumMs, total.requests, total.errors);
    }

    /**
     * As {@link #snapshot(long)}, plus the buckets other instances published for this dyno that lie in the window,
     * began at or after {@code since} (epoch ms: the dyno's current incarnation) and after this window was last
     * cleared.
     */
    Snapshot snapshot(long now, Collection<SharedBucket> others, long since) {
        Snapshot own;
        long from;
        synchronized (this) {
            own = snapshot(now);
            from = Math.max(Math.max(since, clearedAt), (slot(now) - BUCKETS + 1) * bucketMillis);
        }
        double sumMs = own.sumMs();
        long requests = own.requests();
        long errors = own.errors();
        for (SharedBucket b : others) {
            if (b.start() >= from && b.start() <= now) {
                own.histogram().add(b.histogram());
                sumMs += b.sumMs();
                requests += b.requests();
                errors += b.errors();
            }
        }
        return new Snapshot(own.histogram(), sumMs, requests, errors);
    }

    /**
     * Adds to {@code out} a copy of each bucket that closed before {@code now}, is still in the window and changed
     * since it was last handed out, and marks it handed out.
     */
    synchronized void closedBuckets(String dyno, long now, List<SharedBucket> out) {
        long current = slot(now);
        for (WindowBucket b : buckets) {
            if (b != null && b.changed && b.slot < current && b.slot > current - BUCKETS) {
                out.add(new SharedBucket(dyno, b.slot * bucketMillis, b.requests, b.errors, b.sumMs,
                        b.histogram()));
                b.changed = false;
            }
        }
    }

    /** What a window held at one moment. */
    record Snapshot(Histogram histogram, double sumMs, long requests, long errors) {
    }

    private long slot(long at) {
        return Math.floorDiv(at, bucketMillis);
    }

    private WindowBucket bucket(long at) {
        long slot = slot(at);
        int index = (int) Math.floorMod(slot, BUCKETS);
        WindowBucket b = buckets[index];
        if (b == null) {
            b = new WindowBucket();
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
    private void expire(WindowBucket b, long newSlot) {
        b.subtractFrom(total);
        b.reset(newSlot);
    }
}
