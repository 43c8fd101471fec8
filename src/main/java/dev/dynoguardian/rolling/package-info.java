/**
 * Rolling restarts: every dyno of the chosen types refreshed once, one at a time, each through the RestartPolicy as a
 * {@code planned} request, on a schedule ({@code guardian.rolling.schedule}) or on demand. Closed loop: the next dyno
 * waits until the Platform API lists the replacement {@code up} and the latency guardian does not find it an outlier;
 * an unhealthy or late replacement, or a rising router error rate, stops the roll. Progress lives in the database, so a
 * roll carries on after a guardian restart or on another instance (one runs it at a time, ShedLock). Uses restart's
 * public entry points, the Platform API's list of dynos, the latency guardian's read-only health view and notify;
 * only admin, status and demo depend on it.
 */
package dev.dynoguardian.rolling;
