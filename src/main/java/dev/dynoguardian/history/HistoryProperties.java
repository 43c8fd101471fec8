package dev.dynoguardian.history;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The history charts ({@code guardian.history.*}).
 *
 * @param sampleInterval how often every dyno is sampled; each dyno keeps its last {@value DynoRing#CAPACITY}
 *                       samples, 6 hours at the default 30s
 */
@ConfigurationProperties("guardian.history")
public record HistoryProperties(@DefaultValue("30s") Duration sampleInterval) {

    public HistoryProperties {
        if (sampleInterval.compareTo(Duration.ofMillis(100)) < 0 || sampleInterval.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("guardian.history.sample-interval must be between 100ms and 10m, not "
                    + sampleInterval);
        }
    }
}
