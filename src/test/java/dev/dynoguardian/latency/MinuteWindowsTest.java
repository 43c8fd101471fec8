package dev.dynoguardian.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The simulation's {@link MinuteWindows} hold, at the end of each minute, what the guardian's windows hold. */
class MinuteWindowsTest {

    private static final long START = 1_800_000_000_000L;

    @Test
    void aSnapshotAtTheEndOfAMinuteEqualsTheTwoMinuteDynoWindows() {
        compareForSixMinutes(400);
    }

    /** About 3,000 timed requests per dyno and 10-second bucket: more than a bucket lists, so it counts per bin. */
    @Test
    void soDoBusyDynosWhoseBucketsCountPerBin() {
        compareForSixMinutes(2);
    }

    /** Requests every 1 to {@code maxStepMs} ms, spread over two dynos. */
    private static void compareForSixMinutes(int maxStepMs) {
        SplittableRandom random = new SplittableRandom(7);
        MinuteWindows minutes = new MinuteWindows();
        minutes.reset(2);
        DynoWindow[] windows = {new DynoWindow(Duration.ofMinutes(2)), new DynoWindow(Duration.ofMinutes(2))};
        for (int minute = 0; minute < 6; minute++) {
            long from = START + minute * MinuteWindows.MINUTE_MS;
            for (long at = from; at < from + MinuteWindows.MINUTE_MS; at += 1 + random.nextInt(maxStepMs)) {
                int dyno = random.nextInt(2);
                long ms = random.nextInt(20) == 0 ? -1 : random.nextInt(10) == 0 ? random.nextLong(90_000)
                        : Math.round(200 * Math.exp(0.7 * random.nextGaussian()));
                boolean error = random.nextInt(30) == 0;
                minutes.record(dyno, at, ms, error);
                windows[dyno].record(at, ms, error);
            }
            long now = from + MinuteWindows.MINUTE_MS - 1;
            for (int dyno = 0; dyno < 2; dyno++) {
                DynoWindow.Snapshot expected = windows[dyno].snapshot(now);
                DynoWindow.Snapshot actual = minutes.snapshot(dyno, now);
                assertThat(actual.histogram()).as("minute %d, dyno %d", minute, dyno).isEqualTo(expected.histogram());
                assertThat(actual.histogram().getTotalCount()).isPositive();
                assertThat(actual.sumMs()).isEqualTo(expected.sumMs());
                assertThat(actual.requests()).isEqualTo(expected.requests());
                assertThat(actual.errors()).isEqualTo(expected.errors());
            }
        }
    }

    @Test
    void resetForgetsEverything() {
        MinuteWindows minutes = new MinuteWindows();
        minutes.reset(1);
        minutes.record(0, START, 300, true);
        minutes.reset(1);
        DynoWindow.Snapshot snapshot = minutes.snapshot(0, START + 1);
        assertThat(snapshot.histogram().getTotalCount()).isZero();
        assertThat(snapshot.requests()).isZero();
        assertThat(snapshot.errors()).isZero();
    }
}
