package dev.dynoguardian.status;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Gauges of what the guardian sees ({@code guardian.metrics.*}).
 *
 * @param refreshInterval how often the per-dyno and per-app gauges are recomputed
 */
@ConfigurationProperties("guardian.metrics")
public record MetricsProperties(@DefaultValue("15s") Duration refreshInterval) {
}
