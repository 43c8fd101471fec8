package dev.dynoguardian.latency;

/**
 * Requests per dyno in a simulated 2-minute window: drawn log-uniformly per check, then +-15 % per dyno
 * (Heroku's random routing gives all dynos of a formation about the same share), never under 32.
 */
enum Traffic {

    /** 32-300 requests per dyno (up to 2.5 requests per second): noisy statistics near the 32-sample minimum. */
    QUIET(32, 300),

    /** 300-2400 requests per dyno (2.5-20 requests per second): a typical web dyno. */
    BUSY(300, 2400);

    final int from;
    final int to;

    Traffic(int from, int to) {
        this.from = from;
        this.to = to;
    }
}
