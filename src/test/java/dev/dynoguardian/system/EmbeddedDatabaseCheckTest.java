package dev.dynoguardian.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.GuardianRunner;
import dev.dynoguardian.support.HerokuStub;
import dev.dynoguardian.support.PostgresDatabase;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * On Heroku (the platform sets {@code DYNO}) the guardian does not start on its embedded H2 database, whose file would
 * vanish at every dyno restart, unless told to; with a real database it starts as usual.
 */
class EmbeddedDatabaseCheckTest {

    private static final HerokuStub heroku = HerokuStub.get();

    private static Map<String, String> onHeroku(String app, String... more) {
        Map<String, String> env = new HashMap<>(Map.of("DYNO", "web.1", "APP_ID_OR_NAME", app, "DRAIN_PASSWORD",
                "pw", "AUTH_TOKEN", "t", "ADMIN_PASSWORD", "admin-pw", "HEROKU_API_URL", heroku.url()));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private static Map<String, Object> h2(String url) {
        Map<String, Object> settings = GuardianRunner.baseSettings();
        settings.put("spring.datasource.url", url + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        return settings;
    }

    @Test
    void refusesTheEmbeddedDatabaseOnHerokuNamingWhatToSet() {
        String file = "jdbc:h2:file:./target/h2/" + UUID.randomUUID() + "/guardian";
        for (String url : new String[] {"jdbc:h2:mem:embedded-check", file}) {
            assertThatThrownBy(() -> GuardianRunner.start(onHeroku("embedded-check"), h2(url)))
                    .as(url).rootCause().isInstanceOf(MissingSettingsException.class)
                    .satisfies(e -> {
                        FailureAnalysis analysis = new MissingSettingsFailureAnalyzer().analyze(e);
                        assertThat(analysis.getDescription())
                                .contains("DATABASE_URL (spring.datasource.url)")
                                .contains("DYNO=web.1")
                                .contains("heroku addons:create heroku-postgresql")
                                .contains("guardian.allow-embedded-database=true");
                    });
        }
    }

    @Test
    void startsOnTheEmbeddedDatabaseWhenAllowedAndNamesItselfAfterTheDyno() {
        heroku.reset("embedded-allowed");
        Map<String, String> env = onHeroku("embedded-allowed", "GUARDIAN_ALLOWEMBEDDEDDATABASE", "true");

        try (ConfigurableApplicationContext guardian = GuardianRunner.start(env, h2("jdbc:h2:mem:embedded-allowed"))) {
            AdminClient admin = new AdminClient(GuardianRunner.port(guardian), "admin", "admin-pw");
            assertThat(admin.post("/admin/apps/embedded-allowed/dynos/web.2/restart", "{\"reason\":\"check\"}")
                    .statusCode()).isEqualTo(202);

            await().untilAsserted(() -> assertThat(admin.getJson("/admin/restarts?app=embedded-allowed").get(0)
                    .path("instance").asString()).isEqualTo("web.1"));
        }
    }

    @Test
    void startsOnHerokuWithTheDatabaseTheBuildpackNames() {
        PostgresDatabase.Server db = PostgresDatabase.fresh();
        Map<String, String> env = onHeroku("embedded-postgres", "SPRING_DATASOURCE_URL", db.url(),
                "SPRING_DATASOURCE_USERNAME", db.user(), "SPRING_DATASOURCE_PASSWORD", db.password());

        try (ConfigurableApplicationContext guardian = GuardianRunner.start(env, GuardianRunner.baseSettings())) {
            assertThat(new AdminClient(GuardianRunner.port(guardian), "admin", "admin-pw").getJson("/admin/status")
                    .path("paused").asBoolean(true)).isFalse();
        }
    }
}
