/**
 * The HTTPS log drain: authenticates logplex batches, decodes octet-counted RFC 5424 frames into typed platform events
 * (memory and load samples, R14/R15, lifecycle, router and L10 lines) with plain byte matching, and hands each batch
 * to the {@link dev.dynoguardian.drain.DrainListener}s. Also owns what the drain shows of each formation
 * ({@link dev.dynoguardian.drain.FormationView}). Knows nothing of what is done with the events.
 */
package dev.dynoguardian.drain;
