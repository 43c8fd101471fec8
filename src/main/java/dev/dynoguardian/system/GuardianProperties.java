package dev.dynoguardian.system;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Guardian-wide switches ({@code guardian.*}).
 *
 * @param dryRun     every decision is made and recorded as "would restart"; no API call is made, no budget spent
 * @param instanceId names this instance in the ledger and locks; default: Heroku's {@code DYNO} or the host name
 */
@ConfigurationProperties("guardian")
public record GuardianProperties(@DefaultValue("false") boolean dryRun, String instanceId) {

    public String instance() {
        if (instanceId != null && !instanceId.isBlank()) {
            return instanceId;
        }
        String dyno = System.getenv("DYNO");
        if (dyno != null && !dyno.isBlank()) {
            return dyno;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "guardian";
        }
    }
}
