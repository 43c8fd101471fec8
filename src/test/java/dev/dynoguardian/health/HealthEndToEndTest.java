package dev.dynoguardian.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.EndToEndTest;
import dev.dynoguardian.support.GuardianRunner;
import dev.dynoguardian.support.HerokuStub;
import dev.dynoguardian.support.PostgresDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Health components going down and up: the drain falling silent, the Heroku API failing, the database stopping. */
class HealthEndToEndTest {

    @Nested
    @TestPropertySource(properties = {
        "guardian.app=health-e2e",
        "guardian.drain.stale-after=2s",
        "resilience4j.circuitbreaker.instances.heroku.wait-duration-in-open-state=2s"
    })
    class DrainAndApi extends EndToEndTest {

        private JsonNode health() {
            return AdminClient.parse(admin().get("/actuator/health").body());
        }

        @Test
        void aSilentDrainMakesTheGuardianBlindUntilPlatformLinesArriveAgain() {
            clock.advance(Duration.ofSeconds(3));

            await().untilAsserted(() -> {
                JsonNode drain = health().path("components").path("drain");
                assertThat(drain.path("status").asString()).isEqualTo("DOWN");
                assertThat(drain.path("details").path("apps").path(app).path("status").asString()).isEqualTo("blind");
            });
            JsonNode anonymous = AdminClient.parse(new AdminClient(port, null, null).get("/actuator/health").body());
            assertThat(anonymous.path("status").asString()).isEqualTo("DOWN");
            assertThat(anonymous.has("components")).isFalse();
            assertThat(new AdminClient(port, null, null).get("/actuator/health/liveness").statusCode()).isEqualTo(200);
            await().untilAsserted(() -> assertThat(heroku.hookBodies(app, "webhook"))
                    .filteredOn(b -> b.contains("\"event\":\"drain-stale\"")).hasSize(1));

            drain().post(body().heroku("web.1", "State changed from starting to up"));

            await().untilAsserted(() -> assertThat(health().path("components").path("drain").path("status")
                    .asString()).isEqualTo("UP"));
            await().untilAsserted(() -> assertThat(heroku.hookBodies(app, "webhook"))
                    .filteredOn(b -> b.contains("\"event\":\"drain-recovered\"")).hasSize(1));
        }

        @Test
        void aFailingHerokuApiShowsInHealthUntilItRecovers() {
            AtomicBoolean failing = new AtomicBoolean(true);
            heroku.script(app, r -> failing.get() && "DELETE".equals(r.getMethod()) ? HerokuStub.status(500) : null);

            drain().post(body().r14("web.1").r14("web.2"));

            await().untilAsserted(() -> {
                JsonNode api = health().path("components").path("herokuApi");
                assertThat(api.path("status").asString()).isEqualTo("DOWN");
                assertThat(api.path("details").path("circuitBreaker").asString()).isEqualTo("open");
                assertThat(api.path("details").path("lastError").asString()).contains("HTTP 500");
            });
            failing.set(false);

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(health().path("components")
                    .path("herokuApi").path("status").asString()).isEqualTo("UP"));
        }
    }

    @Test
    void aStoppedDatabaseShowsInHealthUntilItIsBack() throws Exception {
        PostgresDatabase.Server db = PostgresDatabase.fresh();
        Map<String, Object> settings = GuardianRunner.baseSettings();
        settings.put("spring.datasource.url", db.url());
        settings.put("spring.datasource.username", db.user());
        settings.put("spring.datasource.password", db.password());
        settings.put("spring.datasource.hikari.connection-timeout", "1000");
        settings.put("spring.datasource.hikari.validation-timeout", "500");
        String name = db.url().substring(db.url().lastIndexOf('/') + 1);
        Map<String, String> env = Map.of("APP_ID_OR_NAME", "health-db", "DRAIN_PASSWORD", "pw", "AUTH_TOKEN", "t",
                "ADMIN_PASSWORD", "admin-pw", "HEROKU_API_URL", HerokuStub.get().url());
        try (ConfigurableApplicationContext guardian = GuardianRunner.start(env, settings)) {
            AdminClient admin = new AdminClient(GuardianRunner.port(guardian), "admin", "admin-pw");
            assertThat(db(admin)).isEqualTo("UP");

            String adminUrl = db.url().substring(0, db.url().lastIndexOf('/') + 1) + "postgres";
            try (Connection c = DriverManager.getConnection(adminUrl, db.user(), db.password());
                 Statement s = c.createStatement()) {
                s.execute("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS false");
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(db(admin)).isEqualTo("DOWN"));

                s.execute("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS true");
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(db(admin)).isEqualTo("UP"));
            }
        }
    }

    private static String db(AdminClient admin) {
        return AdminClient.parse(admin.get("/actuator/health").body()).path("components").path("db").path("status").asString();
    }
}
