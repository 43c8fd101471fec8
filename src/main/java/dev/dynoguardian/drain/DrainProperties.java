package dev.dynoguardian.drain;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The drain endpoint ({@code guardian.drain.*}). The password and tokens here belong to the single app named by
 * {@code guardian.app}; apps listed under {@code guardian.apps} carry their own.
 *
 * @param password       HTTP Basic password of the drain URL (env {@code DRAIN_PASSWORD}); any user name is accepted
 * @param tokens         when not empty, only batches whose {@code Logplex-Drain-Token} is listed are accepted
 * @param maxBodySize    larger bodies are refused with 413
 * @param dedupCapacity  how many recent {@code Logplex-Frame-Id}s are remembered to drop redelivered batches
 * @param dedupTtl       how long a frame id is remembered
 * @param dynoTtl        a dyno with no platform line for this long is no longer counted in its formation
 * @param staleAfter     no platform line for this long means the guardian is blind for the app
 * @param maxDynos       per app, the most dynos tracked from drain lines (formation view, memory, latency windows,
 *                       shared states, requests waiting to be decided); names the Platform API lists always find room
 */
@Validated
@ConfigurationProperties("guardian.drain")
public record DrainProperties(
        String password,
        @DefaultValue List<String> tokens,
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue("10000") @Min(1) int dedupCapacity,
        @DefaultValue("15m") Duration dedupTtl,
        @DefaultValue("10m") Duration dynoTtl,
        @DefaultValue("5m") Duration staleAfter,
        @DefaultValue("1000") @Min(1) @Max(100_000) int maxDynos) {
}
