/**
 * What each dyno looked like over the last hours, for the status page's charts: a bounded ring of samples per dyno
 * (memory used and quota from its runtime metrics, latency p50/p95 from its latency window), taken on a timer from the
 * state the guardians already keep, never per drain line; served with the guardian's actions and the pause periods,
 * which the database shares between instances.
 */
package dev.dynoguardian.history;
