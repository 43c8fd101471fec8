package dev.dynoguardian.latency;

import dev.dynoguardian.drain.DrainBatch;
import dev.dynoguardian.drain.DrainProperties;
import dev.dynoguardian.drain.DynoDirectory;
import dev.dynoguardian.drain.FormationView;
import dev.dynoguardian.drain.HerokuEvent;
import dev.dynoguardian.system.GuardianProperties;
import dev.dynoguardian.system.WatchedApps;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

/**
 * The latency guardian's costs: recording one router sample the way the drain does (a batch of router lines handed to
 * {@link LatencyWindows}: the app's and the dyno's window looked up, the line timed and classified by
 * {@link RouterTiming}, recorded; the lines' times move on so buckets expire as in production, and building each
 * line's event is included), and one analysis of 500 dynos with full windows (snapshot of every window, statistics,
 * detector). Run with {@code ./mvnw -Pbench verify -DskipTests -Dbench.args=LatencyBenchmark}.
 */
@State(Scope.Thread)
public class LatencyBenchmark {

    private static final int DYNOS = 500;
    private static final Duration WINDOW = Duration.ofMinutes(2);

    private final List<DynoWindow> windows = new ArrayList<>();
    private static final int LINES = 64;
    private static final int ROUTED_DYNOS = 50;
    /** Simulated time between two router lines: each dyno gets one every 250 ms, a new 10 s bucket every 40. */
    private static final long STEP_MS = 5;

    private final String[] routed = new String[ROUTED_DYNOS];
    private LatencyWindows routerWindows;
    private long now;
    private long lineAt;
    private int[] samples;
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
        samples = random.ints(4096, 20, 2_000).toArray();
        MockEnvironment environment = new MockEnvironment().withProperty("guardian.app", "bench")
                .withProperty("guardian.drain.password", "p").withProperty("guardian.heroku.api-token", "t");
        DrainProperties drain = new DrainProperties("p", List.of(), DataSize.ofMegabytes(1), 10_000,
                Duration.ofMinutes(15), Duration.ofMinutes(10), Duration.ofMinutes(5), 1000);
        DynoDirectory everyDynoListed = new DynoDirectory() {
            @Override
            public boolean lists(String app, String dyno) {
                return true;
            }

            @Override
            public void unlistedSeen(String app) {
            }
        };
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        FormationView formation = new FormationView(drain, Clock.systemUTC(), everyDynoListed, meters);
        routerWindows = new LatencyWindows(new AppLatencySettings(new WatchedApps(environment)), formation, drain,
                everyDynoListed, new GuardianProperties(false, null, false), meters);
        for (int d = 0; d < ROUTED_DYNOS; d++) {
            routed[d] = "web." + (d + 1);
        }
        lineAt = now;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(LINES)
    public void recordOneRouterSample() {
        List<HerokuEvent> lines = new ArrayList<>(LINES);
        for (int i = 0; i < LINES; i++) {
            lineAt += STEP_MS;
            int n = next++;
            int ms = samples[n & 4095];
            lines.add(n % 97 == 0
                    ? new HerokuEvent.RouterRequest(routed[n % ROUTED_DYNOS], 1, 30_000, 503, "H12", false, lineAt)
                    : new HerokuEvent.RouterRequest(routed[n % ROUTED_DYNOS], 1, ms, 200, null, false, lineAt));
        }
        routerWindows.onBatch(new DrainBatch("bench", lineAt, lines));
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
