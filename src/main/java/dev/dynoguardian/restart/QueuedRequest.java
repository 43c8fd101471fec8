package dev.dynoguardian.restart;

import java.time.Instant;

/**
 * A request waiting in the policy's queue.
 *
 * @param rule  what it waits for (paused, circuit-open, in-flight, capacity)
 * @param since when it was first queued
 */
public record QueuedRequest(RestartRequest request, Rule rule, Instant since) {
}
