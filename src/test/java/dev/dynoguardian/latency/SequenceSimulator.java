package dev.dynoguardian.latency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Simulates one formation over consecutive checks, the way the guardian sees a persistently slow dyno: traffic is
 * generated one minute at a time into the dynos' 2-minute windows ({@link MinuteWindows}, which hold what the
 * guardian's {@link DynoWindow}s hold), and check k snapshots them at the end of minute k, so it judges minutes
 * k - 1 and k: consecutive checks share a minute, as with {@code window=2m} and {@code check-interval=1m}.
 * <p>Fixed for a sequence (the same formation over a few minutes), drawn as {@link FormationSimulator} draws them
 * per check: the formation's median (150-300 ms) and sigma, the traffic level, each dyno's 5 % host jitter, which
 * dyno is slow, the tail share and the app's 5xx rate. Drawn per minute: each dyno's share of the traffic (+-15 %,
 * at least 16 requests, so at least 32 per window), 1-3 idle-connection H13s with probability 0.15 (as many per
 * window on average as in a single check) and, with {@link Noise#BURSTS}, each with probability {@link #EVENT}
 * (so that a window holds one with probability 1/2, as a single check does): a burst on one random healthy dyno
 * other than the previous minute's (10-30 % of its requests of the minute 3-10x slower) and a load spike (20-60 %
 * of every dyno's requests of the minute 1.5-4x slower). Each is as large, relative to a window, as in a single
 * check, but it sits in one minute and is gone two checks later; no dyno bursts two minutes running, which would
 * make it a slow dyno. As in production, H12s (requests cut at 30 s) and H13s count as errors, not timings.
 * Deterministic for a given seed; each sequence draws from its own generator, split from the seed's, so a sequence
 * does not depend on how many checks of the ones before it were simulated.
 */
final class SequenceSimulator {

    /** Chance of a burst, and of a load spike, per minute: 1 - sqrt(1/2), so 1/2 per 2-minute window. */
    static final double EVENT = 1 - Math.sqrt(0.5);
    private static final long MINUTE_MS = MinuteWindows.MINUTE_MS;
    private static final Duration UPTIME = Duration.ofHours(2);

    private final SplittableRandom sequences;
    private final MinuteWindows windows = new MinuteWindows();
    private SplittableRandom random;

    SequenceSimulator(long seed) {
        this.sequences = new SplittableRandom(seed);
    }

    /**
     * A new formation with empty windows and its first minute simulated; slowFactor 1 for a healthy one. The previous
     * sequence ends: its windows are reused.
     */
    Sequence start(int n, Noise noise, Traffic traffic, double slowFactor) {
        random = sequences.split();
        windows.reset(n);
        Sequence sequence = new Sequence(n, noise, traffic, slowFactor);
        sequence.simulateMinute();
        return sequence;
    }

    /** One formation's consecutive checks. */
    final class Sequence {

        private final int n;
        private final boolean bursts;
        private final double slowFactor;
        private final int slowDyno;
        private final double sigma;
        private final double tailShare;
        private final double level;
        private final double appErrorRate;
        private final double[] dynoMedians;
        private long minute;
        private int lastBurstDyno = -1;

        private Sequence(int n, Noise noise, Traffic traffic, double slowFactor) {
            this.n = n;
            this.bursts = noise == Noise.BURSTS;
            this.slowFactor = slowFactor;
            this.slowDyno = slowFactor == 1.0 ? -1 : random.nextInt(n);
            double median = uniform(150, 300);
            this.sigma = uniform(0.5, 0.8);
            this.tailShare = noise != Noise.LOG_NORMAL ? uniform(0.005, 0.03) : 0;
            this.level = Math.exp(uniform(Math.log(traffic.from), Math.log(traffic.to)));
            this.appErrorRate = uniform(0, 0.02);
            this.dynoMedians = new double[n];
            for (int d = 0; d < n; d++) {
                dynoMedians[d] = median * Math.exp(0.05 * random.nextGaussian());
            }
        }

        /** The slow dyno's name; null for a healthy formation. */
        String slowDyno() {
            return slowDyno < 0 ? null : "web." + (slowDyno + 1);
        }

        /** Simulates one more minute and returns what the check at its end observes. */
        List<DynoObservation> nextCheck() {
            simulateMinute();
            long now = minute * MINUTE_MS - 1;
            List<DynoObservation> dynos = new ArrayList<>(n);
            for (int d = 0; d < n; d++) {
                DynoWindow.Snapshot s = windows.snapshot(d, now);
                dynos.add(WindowStatistics.observe("web." + (d + 1), s.histogram(), s.sumMs(), s.requests(),
                        s.errors(), true, UPTIME));
            }
            return dynos;
        }

        private void simulateMinute() {
            int burstDyno = bursts && random.nextDouble() < EVENT ? pickHealthy(lastBurstDyno) : -1;
            lastBurstDyno = burstDyno;
            double burstShare = 2 * uniform(0.05, 0.15);
            double burstFactor = uniform(3, 10);
            double spikeShare = bursts && random.nextDouble() < EVENT ? 2 * uniform(0.1, 0.3) : 0;
            double spikeFactor = uniform(1.5, 4);
            long start = minute * MINUTE_MS;
            for (int d = 0; d < n; d++) {
                int idleConnectionErrors = random.nextDouble() < 0.15 ? 1 + random.nextInt(3) : 0;
                for (int e = 0; e < idleConnectionErrors; e++) {
                    windows.record(d, start, -1, true);
                }
                int count = (int) Math.max(16, Math.round(level / 2 * uniform(0.85, 1.15)));
                double factor = d == slowDyno ? slowFactor : 1.0;
                long burstUntil = d == burstDyno ? Math.round(burstShare * count) : 0;
                long spikeUntil = Math.round(spikeShare * count);
                for (int r = 0; r < count; r++) {
                    double ms = random.nextDouble() < tailShare
                            ? 1000 * Math.pow(1 - random.nextDouble(), -1 / 1.5)
                            : dynoMedians[d] * Math.exp(sigma * random.nextGaussian());
                    ms *= factor * (r < burstUntil ? burstFactor : 1) * (r < spikeUntil ? spikeFactor : 1);
                    long value = Math.round(ms);
                    long at = start + r * MINUTE_MS / count;
                    if (value >= FormationSimulator.TIMEOUT_MS) {
                        windows.record(d, at, -1, true);
                    } else {
                        windows.record(d, at, value, random.nextDouble() < appErrorRate);
                    }
                }
            }
            minute++;
        }

        /** A random dyno that is neither the slow one nor {@code excluded} (-1: none). */
        private int pickHealthy(int excluded) {
            int d;
            do {
                d = random.nextInt(n);
            } while (d == slowDyno || d == excluded);
            return d;
        }
    }

    private double uniform(double from, double to) {
        return from + (to - from) * random.nextDouble();
    }
}
