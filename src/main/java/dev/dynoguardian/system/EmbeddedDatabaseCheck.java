package dev.dynoguardian.system;

import java.util.List;
import java.util.Locale;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start on Heroku (where the platform sets {@code DYNO}) with the embedded H2 database, unless
 * {@code guardian.allow-embedded-database=true}. A dyno's filesystem is ephemeral and every dyno restarts at least
 * daily, so pauses, latency windows and streaks, and the restart ledger (windows, budget, back-off) would silently
 * start over each time: a guardian that forgets its pause or its budget is worse than one that does not start. The
 * usual cause is a missing {@code heroku-postgresql} add-on, whose {@code DATABASE_URL} the Java buildpack turns
 * into {@code spring.datasource.url}.
 */
@Component
class EmbeddedDatabaseCheck {

    EmbeddedDatabaseCheck(Environment environment, GuardianProperties guardian) {
        String dyno = environment.getProperty("DYNO", "");
        String url = environment.getProperty("spring.datasource.url", "");
        if (!dyno.isBlank() && embedded(url) && !guardian.allowEmbeddedDatabase()) {
            throw new MissingSettingsException(List.of("DATABASE_URL (spring.datasource.url): running on Heroku (DYNO="
                    + dyno.trim() + ") with the embedded H2 database, which lives on the dyno's ephemeral disk: "
                    + "pauses, latency windows and the restart ledger would vanish at every dyno restart. Add a "
                    + "database (heroku addons:create heroku-postgresql:essential-0), whose DATABASE_URL the Java "
                    + "buildpack turns into spring.datasource.url, or set guardian.allow-embedded-database=true "
                    + "(env GUARDIAN_ALLOWEMBEDDEDDATABASE) to run with a database that forgets"));
        }
    }

    /**
     * An H2 URL other than a server's ({@code jdbc:h2:tcp:}, {@code jdbc:h2:ssl:}, which live elsewhere); no URL also
     * means embedded, since Spring Boot then starts an in-memory H2.
     */
    private static boolean embedded(String url) {
        String u = url.trim().toLowerCase(Locale.ROOT);
        return u.isEmpty() || u.startsWith("jdbc:h2:") && !u.startsWith("jdbc:h2:tcp:") && !u.startsWith("jdbc:h2:ssl:");
    }
}
