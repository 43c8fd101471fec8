package dev.dynoguardian.system;

import jakarta.validation.constraints.Size;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Guardian-wide switches ({@code guardian.*}).
 *
 * @param dryRun                every decision is made and recorded as "would restart"; no API call is made, no budget
 *                              spent
 * @param instanceId            names this instance in the ledger and locks, at most 100 characters (the ledger's
 *                              column); default: Heroku's {@code DYNO} (read from the Environment by the built-in
 *                              {@code application.yml}) or the host name, cut to 100 characters
 * @param allowEmbeddedDatabase run on Heroku with the embedded H2 database anyway, accepting that pauses, windows and
 *                              the ledger vanish at every dyno restart (see {@link EmbeddedDatabaseCheck})
 */
@Validated
@ConfigurationProperties("guardian")
public record GuardianProperties(@DefaultValue("false") boolean dryRun, @Size(max = 100) String instanceId,
                                 @DefaultValue("false") boolean allowEmbeddedDatabase) {

    public String instance() {
        if (instanceId != null && !instanceId.isBlank()) {
            return instanceId;
        }
        try {
            String host = InetAddress.getLocalHost().getHostName();
            return host.length() <= 100 ? host : host.substring(0, 100);
        } catch (UnknownHostException e) {
            return "guardian";
        }
    }
}
