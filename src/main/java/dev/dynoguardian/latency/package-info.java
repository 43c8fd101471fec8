/**
 * The latency guardian: per-dyno windows of router timings, the outlier detector (robust leave-one-out rule, and the
 * slayer's rule for comparison), the scheduled check that asks the RestartPolicy to replace one laggard, and the
 * verification of whether replacing it helped.
 */
package dev.dynoguardian.latency;
