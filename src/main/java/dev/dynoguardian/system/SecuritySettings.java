package dev.dynoguardian.system;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How guessing passwords is slowed down ({@code guardian.security.*}; see {@link FailedAuthentications}).
 *
 * @param failedAuthBurst   failed authentications (drain password, admin password, metrics token) a client may make
 *                          in a row before it is answered 429
 * @param failedAuthRefill  how long a client waits for each attempt it regains
 * @param failedAuthClients how many clients' failures are remembered; beyond, the one that failed least recently is
 *                          forgotten, so that made-up client addresses cannot fill the memory
 */
@ConfigurationProperties("guardian.security")
public record SecuritySettings(
        @DefaultValue("10") int failedAuthBurst,
        @DefaultValue("6s") Duration failedAuthRefill,
        @DefaultValue("10000") int failedAuthClients) {

    private static final Duration LONGEST_REFILL = Duration.ofDays(1);

    public SecuritySettings {
        if (failedAuthBurst < 1) {
            throw new IllegalArgumentException("guardian.security.failed-auth-burst must be at least 1, not "
                    + failedAuthBurst);
        }
        if (failedAuthRefill.toMillis() < 1 || failedAuthRefill.compareTo(LONGEST_REFILL) > 0) {
            throw new IllegalArgumentException("guardian.security.failed-auth-refill must be between 1ms and 1d, not "
                    + failedAuthRefill);
        }
        if (failedAuthClients < 1) {
            throw new IllegalArgumentException("guardian.security.failed-auth-clients must be at least 1, not "
                    + failedAuthClients);
        }
    }
}
