package dev.dynoguardian.system;

import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Operator access ({@code guardian.admin.*}).
 *
 * @param user         admin user name (env {@code ADMIN_USER}), at most 100 characters: it is recorded as who paused
 * @param password     admin password (env {@code ADMIN_PASSWORD}), plain or a {@code {bcrypt}} hash; when unset the
 *                     admin API, status page and non-public actuator endpoints answer 404
 * @param metricsToken bearer token that opens only {@code /actuator/prometheus} and {@code /actuator/metrics}
 *                     (env {@code METRICS_TOKEN}), for scrapers
 */
@Validated
@ConfigurationProperties("guardian.admin")
public record AdminProperties(@DefaultValue("admin") @Size(max = 100) String user, String password,
                              String metricsToken) {

    public boolean enabled() {
        return password != null && !password.isBlank();
    }

    boolean metricsTokenSet() {
        return metricsToken != null && !metricsToken.isBlank();
    }

    @Override
    public String toString() {
        return "AdminProperties[user=" + user + ", password=" + (enabled() ? "****" : "unset") + "]";
    }
}
