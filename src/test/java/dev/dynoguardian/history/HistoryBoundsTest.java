package dev.dynoguardian.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The history stays bounded: 500 dynos sampled every 30 s for 8 hours, each restarted every hour, keep 720 samples
 * (6 hours) a dyno, 360,000 in all, and an app never has more rings than {@code guardian.drain.max-dynos}. A dyno
 * restarted more than {@value DynoRing#INCARNATIONS} times within its ring loses its oldest incarnations' samples.
 */
class HistoryBoundsTest {

    private static final long START = 1_800_000_000L;
    private static final int DYNOS = 500;

    @Test
    void fiveHundredDynosOverSixHoursCostAtMostSevenHundredAndTwentySamplesEach() {
        HistoryStore store = new HistoryStore(DYNOS);
        long end = START;
        for (long t = START; t < START + 8 * 3600; t += 30) {
            for (int d = 1; d <= DYNOS; d++) {
                String incarnation = "uuid-" + d + "-" + (t - START) / 3600;
                assertThat(store.add("shop", "web." + d, t, incarnation, 400 + d % 100, 512, 120, 300)).isTrue();
            }
            end = t;
        }
        Map<String, List<DynoRing.Series>> sixHours = store.since("shop", end - 6 * 3600);

        assertThat(sixHours).hasSize(DYNOS);
        long points = sixHours.values().stream().flatMap(List::stream).mapToLong(s -> s.samples().size()).sum();
        assertThat(points).isEqualTo(DYNOS * 720L);
        List<DynoRing.Series> web1 = sixHours.get("web.1");
        assertThat(web1).hasSizeLessThanOrEqualTo(DynoRing.INCARNATIONS);
        assertThat(web1).allSatisfy(s -> assertThat(s.incarnation()).startsWith("uuid-1-"));
        assertThat(web1.get(web1.size() - 1).incarnation()).isEqualTo("uuid-1-" + (end - START) / 3600);
    }

    @Test
    void anAppNeverHasMoreRingsThanMaxDynosAndOldRingsAreForgotten() {
        HistoryStore store = new HistoryStore(3);
        for (int d = 1; d <= 10; d++) {
            store.add("shop", "web." + d, START, "u", 1, 2, 3, 4);
        }
        assertThat(store.since("shop", START)).containsOnlyKeys("web.1", "web.2", "web.3");

        store.add("shop", "web.1", START + 100, "u", 1, 2, 3, 4);
        store.forgetOlderThan(START + 50);
        assertThat(store.since("shop", START)).containsOnlyKeys("web.1");
        assertThat(store.add("shop", "web.9", START + 100, "u", 1, 2, 3, 4)).isTrue();
    }

    @Test
    void aSampleInTheSameSecondReplacesTheNewestAndIncarnationsStayApart() {
        DynoRing ring = new DynoRing();
        ring.add(START, "old", 560, 512, Float.NaN, Float.NaN);
        ring.add(START, "old", 570, 512, Float.NaN, Float.NaN);
        ring.add(START + 30, "new", 200, 512, 100, 200);

        List<DynoRing.Series> series = ring.since(START);
        assertThat(series).extracting(DynoRing.Series::incarnation).containsExactly("old", "new");
        assertThat(series.get(0).samples()).singleElement().satisfies(s -> assertThat(s.memoryMb()).isEqualTo(570));
        assertThat(series.get(1).samples()).singleElement().satisfies(s -> assertThat(s.p95Ms()).isEqualTo(200));
    }
}
