package dev.dynoguardian.latency;

/**
 * One dyno's latency window as it stands, for status pages and metrics. Times in ms (NaN without timed requests).
 *
 * @param timed        timed requests in the window
 * @param requests     all requests routed to the dyno in the window
 * @param routerErrors requests that failed because of the dyno (H12, H13, H18 sock=backend, H19, H21, 5xx)
 */
public record LatencyReading(long timed, long requests, long routerErrors, double meanMs, double p50Ms, double p95Ms,
                             double p99Ms) {
}
