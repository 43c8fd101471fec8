package dev.dynoguardian.platformstatus;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Heroku's status API ({@code guardian.platform-status.*}). Its circuit breaker is
 * {@code resilience4j.circuitbreaker.instances.platform-status}.
 *
 * @param enabled  false: never polled, never holds
 * @param url      the whole URL of the current status ({@code GET}, JSON)
 * @param interval time between two polls
 * @param timeout  the longest one poll may take, connecting and reading included
 * @param holdOn   {@code red} or {@code yellow}: the Apps level from which new actions are held
 */
@ConfigurationProperties("guardian.platform-status")
public record PlatformStatusProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("https://status.heroku.com/api/v4/current-status") String url,
        @DefaultValue("1m") Duration interval,
        @DefaultValue("5s") Duration timeout,
        @DefaultValue("red") String holdOn) {

    private static final Duration SHORTEST = Duration.ofMillis(100);

    public PlatformStatusProperties {
        URI uri = parse(url);
        if (uri == null || !uri.isAbsolute() || uri.getHost() == null
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("guardian.platform-status.url must be an http(s) URL, not '" + url
                    + "'");
        }
        if (interval.compareTo(SHORTEST) < 0) {
            throw new IllegalArgumentException("guardian.platform-status.interval must be at least 100ms, not "
                    + interval);
        }
        if (timeout.compareTo(SHORTEST) < 0) {
            throw new IllegalArgumentException("guardian.platform-status.timeout must be at least 100ms, not "
                    + timeout);
        }
        if (Level.of(holdOn).filter(l -> l != Level.GREEN).isEmpty()) {
            throw new IllegalArgumentException("guardian.platform-status.hold-on must be red or yellow, not '"
                    + holdOn + "'");
        }
    }

    /** The Apps level from which new actions are held. */
    Level holdLevel() {
        return Level.of(holdOn).orElseThrow();
    }

    URI uri() {
        return URI.create(url.trim());
    }

    private static URI parse(String url) {
        try {
            return url == null ? null : new URI(url.trim());
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
