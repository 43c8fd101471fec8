package dev.dynoguardian.drain;

import dev.dynoguardian.support.LogplexBody;
import java.time.Instant;
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

/**
 * The drain's hot path: decoding a realistic ~100 KiB logplex batch (router lines, runtime metrics, app noise,
 * lifecycle lines) into events. Reported per line, so 1e9 / score is lines per second on one core. Run with
 * {@code ./mvnw -Pbench verify -DskipTests -Dbench.args=DrainDecodeBenchmark}.
 */
@State(Scope.Thread)
public class DrainDecodeBenchmark {

    static final int LINES = 500;

    private final BatchDecoder decoder = new BatchDecoder(false);
    private byte[] body;

    @Setup(Level.Trial)
    public void batch() {
        SplittableRandom random = new SplittableRandom(3);
        LogplexBody b = LogplexBody.at(Instant.parse("2026-11-21T10:00:00.123456Z"));
        for (int i = 0; i < LINES; i++) {
            String dyno = "web." + (1 + random.nextInt(20));
            switch (i % 10) {
                case 0 -> b.memory(dyno, "d97d0ea7-cf3d-411b-b453-d2943a50b456", 300 + random.nextInt(300), 512);
                case 1 -> b.app(dyno, "Completed 200 OK in 123ms (Views: 12.3ms | ActiveRecord: 45.6ms)");
                case 2 -> b.heroku(dyno, "source=" + dyno + " dyno=heroku.2808254.d97d0ea7 sample#load_avg_1m=0.46 "
                        + "sample#load_avg_5m=0.36 sample#load_avg_15m=0.29");
                case 3 -> b.stateChanged(dyno, "starting", "up");
                default -> b.router(dyno, 5 + random.nextInt(500), 200);
            }
        }
        body = b.bytes();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(LINES)
    public BatchDecoder.Decoded decodeBatch() {
        return decoder.decode(body, body.length);
    }
}
