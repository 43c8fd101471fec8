package dev.dynoguardian.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A window merged with the buckets another instance published equals one window that saw every request. */
class SharedBucketTest {

    private static final Duration WINDOW = Duration.ofMinutes(2);
    private static final long NOW = 1_800_000_000_000L;

    @Test
    void publishedBucketsMergeIntoTheSameCountsSumsAndPercentilesAsOneWindow() {
        mergeAndCompare(5_000);
    }

    /** About 4,500 requests per bucket: more than a bucket lists, so it counts them per bin. */
    @Test
    void soDoBusyBucketsThatCountPerBin() {
        mergeAndCompare(50_000);
    }

    private static void mergeAndCompare(int requests) {
        DynoWindow all = new DynoWindow(WINDOW);
        DynoWindow here = new DynoWindow(WINDOW);
        DynoWindow there = new DynoWindow(WINDOW);
        SplittableRandom random = new SplittableRandom(7);
        long bucket = WINDOW.toMillis() / DynoWindow.BUCKETS;
        for (int i = 0; i < requests; i++) {
            long at = NOW - bucket - random.nextLong(WINDOW.toMillis() - bucket);
            long ms = random.nextInt(20) == 0 ? -1 : Math.round(120 * Math.exp(0.8 * random.nextGaussian()));
            boolean error = ms < 0 || random.nextInt(50) == 0;
            all.record(at, ms, error);
            (random.nextBoolean() ? here : there).record(at, ms, error);
        }

        DynoWindow.Snapshot merged = here.snapshot(NOW, roundTrip(there, NOW), Long.MIN_VALUE);
        DynoWindow.Snapshot expected = all.snapshot(NOW);

        assertThat(merged.requests()).isEqualTo(expected.requests());
        assertThat(merged.errors()).isEqualTo(expected.errors());
        assertThat(merged.sumMs()).isEqualTo(expected.sumMs());
        assertThat(merged.histogram().getTotalCount()).isEqualTo(expected.histogram().getTotalCount());
        for (double p : new double[] {25, 50, 75, 95, 99, 100}) {
            assertThat(merged.histogram().getValueAtPercentile(p)).as("p%s", p)
                    .isEqualTo(expected.histogram().getValueAtPercentile(p));
        }
    }

    @Test
    void aBucketIsPublishedOnceClosedAndAgainOnlyWhenALateLineChangesIt() {
        DynoWindow w = new DynoWindow(WINDOW);
        w.record(NOW - 15_000, 100, false);
        w.record(NOW + 5_000, 200, false);

        assertThat(closed(w, NOW)).extracting(SharedBucket::requests).containsExactly(1L);
        assertThat(closed(w, NOW)).isEmpty();

        w.record(NOW - 14_000, 300, false);
        assertThat(closed(w, NOW)).extracting(SharedBucket::requests).containsExactly(2L);
        assertThat(closed(w, NOW + 10_000)).extracting(SharedBucket::sumMs).containsExactly(200.0);
    }

    @Test
    void bucketsPublishedBeforeTheDynoRestartedOrOutsideTheWindowDoNotCount() {
        DynoWindow there = new DynoWindow(WINDOW);
        there.record(NOW - 200_000, 500, false);
        List<SharedBucket> old = roundTrip(there, NOW - 190_000);
        there.record(NOW - 50_000, 500, false);
        there.record(NOW - 15_000, 100, false);
        List<SharedBucket> published = new ArrayList<>(old);
        published.addAll(roundTrip(there, NOW));

        DynoWindow here = new DynoWindow(WINDOW);
        assertThat(here.snapshot(NOW, published, Long.MIN_VALUE).requests()).isEqualTo(2);
        assertThat(here.snapshot(NOW, published, NOW - 20_000).sumMs()).isEqualTo(100);

        here.clear(NOW - 20_000);
        assertThat(here.snapshot(NOW, published, Long.MIN_VALUE).sumMs()).isEqualTo(100);
    }

    /** The window's closed buckets as another instance reads them from the database: histograms encoded and decoded. */
    private static List<SharedBucket> roundTrip(DynoWindow w, long at) {
        return closed(w, at).stream().map(b -> new SharedBucket(b.dyno(), b.start(), b.requests(), b.errors(),
                b.sumMs(), SharedBucket.decodeHistogram(b.encodedHistogram()))).toList();
    }

    private static List<SharedBucket> closed(DynoWindow w, long now) {
        List<SharedBucket> out = new ArrayList<>();
        w.closedBuckets("web.1", now, out);
        return out;
    }
}
