package dev.dynoguardian.system;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Guardian-wide switches ({@code guardian.*}).
 *
 * @param dryRun                every decision is made and recorded as "would restart"; no API call is made, no budget
 *                              spent
 * @param instanceId            names this instance in the ledger and locks; default: Heroku's {@code DYNO} (read from
 *                              the Environment by the built-in {@code application.yml}) or the host name
 * @param allowEmbeddedDatabase run on Heroku with the embedded H2 database anyway, accepting that pauses, windows and
 *                              the ledger vanish at every dyno restart (see {@link EmbeddedDatabaseCheck})
 */
@ConfigurationProperties("guardian")
public record GuardianProperties(@DefaultValue("false") boolean dryRun, String instanceId,
                                 @DefaultValue("false") boolean allowEmbeddedDatabase) {

    public String instance() {
        if (instanceId != null && !instanceId.isBlank()) {
            return instanceId;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "guardian";
        }
    }
}
