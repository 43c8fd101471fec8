package dev.dynoguardian.latency;

import java.time.Duration;
import java.util.Objects;

/**
 * What the detector knows of one dyno for one check. The latency statistics come from the caller's
 * capture window ({@link WindowStatistics} derives them from an HdrHistogram the same way the tests do).
 *
 * @param dyno          dyno name, e.g. {@code web.3}
 * @param samples       number of timed requests in the window
 * @param meanMs        mean response time (sum / count); what the slayer used
 * @param p50Ms         median response time
 * @param trimmedMeanMs trimmed geometric mean: the middle 80 % of the samples averaged on a log scale,
 *                      see {@link WindowStatistics#trimmedMean}
 * @param logSpread     robust standard deviation of ln(response time) in the window (inter-quartile range of
 *                      the logs / 1.349), used to tell how precise the dyno's statistic is; NaN when unknown
 * @param requests      requests routed to the dyno in the window (denominator of its error rate)
 * @param dynoErrors    router errors that point at this dyno (H12, H13, H18 sock=backend, H19, H21) plus 5xx
 * @param up            whether the platform reports the dyno as up
 * @param uptime        how long the dyno has been up
 */
record DynoObservation(String dyno, long samples, double meanMs, double p50Ms, double trimmedMeanMs,
                       double logSpread, long requests, long dynoErrors, boolean up, Duration uptime) {

    DynoObservation {
        Objects.requireNonNull(dyno, "dyno");
        Objects.requireNonNull(uptime, "uptime");
        if (samples < 0 || requests < 0 || dynoErrors < 0) {
            throw new IllegalArgumentException("negative count for " + dyno);
        }
        if (samples > 0 && !(valid(meanMs) && valid(p50Ms) && valid(trimmedMeanMs))) {
            throw new IllegalArgumentException("latency statistics of " + dyno + " must be finite and >= 0");
        }
        if (!Double.isNaN(logSpread) && !valid(logSpread)) {
            throw new IllegalArgumentException("logSpread of " + dyno + " must be NaN or finite and >= 0");
        }
    }

    /** Without a known {@code logSpread}: the detector then assumes a wide one (it judges more cautiously). */
    DynoObservation(String dyno, long samples, double meanMs, double p50Ms, double trimmedMeanMs,
                    long requests, long dynoErrors, boolean up, Duration uptime) {
        this(dyno, samples, meanMs, p50Ms, trimmedMeanMs, Double.NaN, requests, dynoErrors, up, uptime);
    }

    /** Share of this dyno's requests that failed because of the dyno, in [0, 1]; 0 without requests. */
    double errorRate() {
        return requests == 0 ? 0 : Math.min(1.0, (double) dynoErrors / requests);
    }

    private static boolean valid(double ms) {
        return Double.isFinite(ms) && ms >= 0;
    }
}
