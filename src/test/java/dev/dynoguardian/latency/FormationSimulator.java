package dev.dynoguardian.latency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * Simulates one 2-minute capture window of a formation and turns each dyno's requests into a
 * {@link DynoObservation} the way the caller's window does ({@link WindowStatistics#observe}): exact count
 * and sum of integer milliseconds, the rest from an HdrHistogram with 2 significant digits.
 * <p>Per check: a formation median of 150-300 ms (so that a 2x-slow dyno clears the 200 ms floor), a
 * log-normal sigma of 0.5-0.8, a traffic level ({@link Traffic}) and an app-wide 5xx rate of 0-2 %. Per
 * dyno: a 5 % (log-normal) baseline jitter, as dynos on different hosts differ a little, 1-3 idle-connection
 * H13s with probability 0.3, H12 for requests cut at 30 s. The slow dyno, if any, is picked at random and
 * all its requests take {@code slowFactor} times longer. Deterministic for a given seed.
 */
final class FormationSimulator {

    static final long TIMEOUT_MS = 30_000;
    private static final Duration UPTIME = Duration.ofHours(2);

    private final SplittableRandom random;
    private final Histogram histogram = new Histogram(1, 3_600_000, 2);

    FormationSimulator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** One check's observations, and which dyno is slow (null for a healthy formation). */
    record SimulatedCheck(List<DynoObservation> dynos, String slowDyno) {
    }

    /** @param slowFactor how many times slower every request of one random dyno is; 1 for a healthy formation */
    SimulatedCheck check(int n, Noise noise, Traffic traffic, double slowFactor) {
        int slowDyno = slowFactor == 1.0 ? -1 : random.nextInt(n);
        double median = uniform(150, 300);
        double sigma = uniform(0.5, 0.8);
        boolean heavy = noise != Noise.LOG_NORMAL;
        double tailShare = heavy ? uniform(0.005, 0.03) : 0;
        double level = Math.exp(uniform(Math.log(traffic.from), Math.log(traffic.to)));
        double appErrorRate = uniform(0, 0.02);
        boolean bursts = noise == Noise.BURSTS;
        int burstDyno = bursts && random.nextBoolean() ? pickHealthy(n, slowDyno) : -1;
        double burstShare = uniform(0.05, 0.15);
        double burstFactor = uniform(3, 10);
        double spikeShare = bursts && random.nextBoolean() ? uniform(0.1, 0.3) : 0;
        double spikeFactor = uniform(1.5, 4);
        List<DynoObservation> dynos = new ArrayList<>(n);
        for (int d = 0; d < n; d++) {
            int count = (int) Math.max(32, Math.round(level * uniform(0.85, 1.15)));
            double dynoMedian = median * Math.exp(0.05 * random.nextGaussian());
            double factor = d == slowDyno ? slowFactor : 1.0;
            long burstUntil = d == burstDyno ? Math.round(burstShare * count) : 0;
            long spikeUntil = Math.round(spikeShare * count);
            histogram.reset();
            long sum = 0;
            long errors = random.nextDouble() < 0.3 ? 1 + random.nextInt(3) : 0;
            for (int r = 0; r < count; r++) {
                double ms = random.nextDouble() < tailShare
                        ? 1000 * Math.pow(1 - random.nextDouble(), -1 / 1.5)
                        : dynoMedian * Math.exp(sigma * random.nextGaussian());
                ms *= factor * (r < burstUntil ? burstFactor : 1) * (r < spikeUntil ? spikeFactor : 1);
                long value = Math.min(TIMEOUT_MS, Math.round(ms));
                histogram.recordValue(value);
                sum += value;
                if (value == TIMEOUT_MS || random.nextDouble() < appErrorRate) {
                    errors++;
                }
            }
            dynos.add(WindowStatistics.observe("web." + (d + 1), histogram, sum, count, Math.min(errors, count),
                    true, UPTIME));
        }
        return new SimulatedCheck(dynos, slowDyno < 0 ? null : "web." + (slowDyno + 1));
    }

    private int pickHealthy(int n, int slowDyno) {
        int d = random.nextInt(n - (slowDyno >= 0 ? 1 : 0));
        return slowDyno >= 0 && d >= slowDyno ? d + 1 : d;
    }

    private double uniform(double from, double to) {
        return from + (to - from) * random.nextDouble();
    }
}
