package dev.dynoguardian.latency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dynoguardian.drain.HerokuEvent.RouterRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-dyno window and how router lines count in it. */
class DynoWindowTest {

    private static final long NOW = 1_800_000_000_000L;

    private static RouterRequest line(String code, int service, int status, boolean backend) {
        return new RouterRequest("web.1", 1, service, status, code, backend, NOW);
    }

    @Test
    void routerErrorsThatPointAtTheDynoAreErrorsNotTimings() {
        assertThat(RouterTiming.dynoError(line("H12", 30000, 503, false))).isTrue();
        assertThat(RouterTiming.millis(line("H12", 30000, 503, false), false)).isEqualTo(-1);
        for (String code : new String[] {"H13", "H19", "H21"}) {
            assertThat(RouterTiming.dynoError(line(code, 5, 503, false))).as(code).isTrue();
        }
        assertThat(RouterTiming.dynoError(line("H18", 5, 503, true))).isTrue();
        assertThat(RouterTiming.dynoError(line("H18", 5, 503, false))).isFalse();
        for (String code : new String[] {"H10", "H11", "H14", "H20", "H27", "H80"}) {
            assertThat(RouterTiming.dynoError(line(code, -1, 503, false))).as(code).isFalse();
        }
        assertThat(RouterTiming.dynoError(line(null, 40, 500, false))).isTrue();
        assertThat(RouterTiming.millis(line(null, 40, 500, false), false)).isEqualTo(40);
        assertThat(RouterTiming.millis(line(null, 40, 200, false), true)).isEqualTo(41);
    }

    @Test
    void theWindowSlidesAndForgetsOldBuckets() {
        DynoWindow w = new DynoWindow(Duration.ofMinutes(2));
        w.record(NOW - 110_000, 1000, true);
        w.record(NOW - 5_000, 100, false);
        w.record(NOW - 1_000, -1, true);

        DynoWindow.Snapshot now = w.snapshot(NOW);
        assertThat(now.histogram().getTotalCount()).isEqualTo(2);
        assertThat(now.requests()).isEqualTo(3);
        assertThat(now.errors()).isEqualTo(2);
        assertThat(now.sumMs()).isEqualTo(1100);

        DynoWindow.Snapshot later = w.snapshot(NOW + 30_000);
        assertThat(later.histogram().getTotalCount()).isEqualTo(1);
        assertThat(later.requests()).isEqualTo(2);
        assertThat(later.sumMs()).isEqualTo(100);
    }

    @Test
    void aLineOlderThanTheWindowIsDroppedAndClearingForgetsEverything() {
        DynoWindow w = new DynoWindow(Duration.ofMinutes(2));
        w.record(NOW, 100, false);
        w.record(NOW - 130_000, 5000, false);

        assertThat(w.snapshot(NOW).requests()).isEqualTo(1);
        w.clear(NOW);
        assertThat(w.snapshot(NOW).requests()).isZero();
        w.record(NOW, 80, false);
        assertThat(w.snapshot(NOW).sumMs()).isEqualTo(80);
    }

    @Test
    void slowRequestsAreCappedAtSixtySeconds() {
        DynoWindow w = new DynoWindow(Duration.ofMinutes(2));
        w.record(NOW, 300_000, false);

        assertThat(w.snapshot(NOW).histogram().getMaxValue()).isBetween(59_000L, 61_000L);
    }
}
