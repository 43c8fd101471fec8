package dev.dynoguardian.latency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The latency guardian's costs: recording one router sample into a dyno's window, and one analysis of 500 dynos
 * with full windows (snapshot of every window, statistics, detector). Run with {@code ./mvnw -Pbench verify
 * -DskipTests -Dbench.args=LatencyBenchmark}.
 */
@State(Scope.Thread)
public class LatencyBenchmark {

    private static final int DYNOS = 500;
    private static final Duration WINDOW = Duration.ofMinutes(2);

    private final List<DynoWindow> windows = new ArrayList<>();
    private DynoWindow one;
    private long now;
    private long[] samples;
    private int next;

    @Setup(Level.Trial)
    public void fill() {
        now = System.currentTimeMillis();
        SplittableRandom random = new SplittableRandom(1);
        for (int d = 0; d < DYNOS; d++) {
            DynoWindow w = new DynoWindow(WINDOW);
            double median = d == 7 ? 400 : 120;
            for (int i = 0; i < 2_000; i++) {
                long at = now - random.nextLong(WINDOW.toMillis());
                w.record(at, Math.round(median * Math.exp(0.4 * random.nextGaussian())), i % 500 == 0);
            }
            windows.add(w);
        }
        one = new DynoWindow(WINDOW);
        samples = random.longs(4096, 20, 2_000).toArray();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void recordOneRouterSample() {
        long ms = samples[next++ & 4095];
        one.record(now + (next & 1023), ms, false);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Analysis analyseFiveHundredDynos() {
        List<DynoObservation> observations = new ArrayList<>(DYNOS);
        for (int d = 0; d < DYNOS; d++) {
            DynoWindow.Snapshot s = windows.get(d).snapshot(now);
            observations.add(WindowStatistics.observe("web." + (d + 1), s.histogram(), s.sumMs(), s.requests(),
                    s.errors(), true, Duration.ofHours(1)));
        }
        return OutlierDetector.analyze(observations, DetectorSettings.defaults());
    }
}
