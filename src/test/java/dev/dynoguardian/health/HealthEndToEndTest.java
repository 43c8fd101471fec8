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
import java.time.OffsetDateTime;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
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

        @Autowired
        private JdbcClient jdbc;

        /** Every test starts with the drain fresh and judged so, whatever the one before left. */
        @BeforeEach
        void freshDrain() {
            drain().post(body().heroku("web.1", "State changed from starting to up"));
            await().until(() -> !judgedStale());
            heroku.reset(app);
        }

        /**
         * Waits for a whole run of the freshness judge that began after this call: its lock ({@code shedlock}, in
         * database time) taken since, and released (held, it lasts five minutes).
         */
        private void awaitJudgingFromNow() {
            OffsetDateTime now = jdbc.sql("SELECT CURRENT_TIMESTAMP").query(OffsetDateTime.class).single();
            await().until(() -> jdbc.sql("SELECT COUNT(*) FROM shedlock WHERE name = 'drain-freshness'"
                            + " AND locked_at > :now AND lock_until < :held").param("now", now)
                    .param("held", now.plusMinutes(1)).query(Integer.class).single() == 1);
        }

        private boolean judgedStale() {
            return jdbc.sql("SELECT stale FROM drain_freshness WHERE app = :app").param("app", app)
                    .query(Boolean.class).optional().orElse(false);
        }

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
            assertThat(staleGauge()).isEqualTo("1.0");
            await().untilAsserted(() -> assertThat(notifications("drain-stale")).isEqualTo(1));
            clock.advance(Duration.ofSeconds(3));
            awaitJudgingFromNow();
            assertThat(judgedStale()).isTrue();
            assertThat(notifications("drain-stale")).as("blind still, not notified again").isEqualTo(1);
            assertThat(notifications("drain-recovered")).isZero();

            drain().post(body().heroku("web.1", "State changed from starting to up"));

            await().untilAsserted(() -> assertThat(health().path("components").path("drain").path("status")
                    .asString()).isEqualTo("UP"));
            assertThat(staleGauge()).isEqualTo("0.0");
            await().untilAsserted(() -> assertThat(notifications("drain-recovered")).isEqualTo(1));
            awaitJudgingFromNow();
            assertThat(notifications("drain-stale")).isEqualTo(1);
            assertThat(notifications("drain-recovered")).as("fresh still, not notified again").isEqualTo(1);
        }

        @Test
        void everyInstanceReportsTheDrainsStalenessNotOnlyTheOneThatJudges() {
            clock.advance(Duration.ofSeconds(3));
            await().until(this::judgedStale);
            await().until(() -> jdbc.sql("UPDATE shedlock SET lock_until = TIMESTAMP '9999-01-01 00:00:00',"
                    + " locked_by = 'another instance' WHERE name = 'drain-freshness'").update() == 1);
            try {
                drain().post(body().heroku("web.1", "State changed from starting to up"));
                await().untilAsserted(() -> assertThat(staleGauge()).isEqualTo("0.0"));
                clock.advance(Duration.ofSeconds(3));
                await().untilAsserted(() -> assertThat(staleGauge()).isEqualTo("1.0"));
                assertThat(notifications("drain-recovered")).as("this instance does not judge").isZero();
            } finally {
                jdbc.sql("UPDATE shedlock SET lock_until = TIMESTAMP '2000-01-01 00:00:00'"
                        + " WHERE name = 'drain-freshness'").update();
            }
            drain().post(body().heroku("web.1", "State changed from starting to up"));
            await().untilAsserted(() -> assertThat(notifications("drain-recovered")).isEqualTo(1));
        }

        @Test
        void healthComponentsAreForTheAdminAndTheProbesForAnyone() {
            AdminClient anonymous = new AdminClient(port, null, null);
            for (String component : List.of("db", "drain", "herokuApi")) {
                assertThat(anonymous.get("/actuator/health/" + component).statusCode()).as(component).isEqualTo(401);
                assertThat(admin().get("/actuator/health/" + component).statusCode()).as(component)
                        .isIn(200, 503);
            }
            for (String probe : List.of("liveness", "readiness")) {
                HttpResponse<String> answer = anonymous.get("/actuator/health/" + probe);
                assertThat(answer.statusCode()).as(probe).isEqualTo(200);
                assertThat(AdminClient.parse(answer.body()).path("status").asString()).isEqualTo("UP");
            }
        }

        private long notifications(String event) {
            return heroku.hookBodies(app, "webhook").stream().filter(b -> b.contains("\"event\":\"" + event + "\""))
                    .count();
        }

        /** The value of {@code guardian_drain_stale} for the app, as scraped. */
        private String staleGauge() {
            String prefix = "guardian_drain_stale{app=\"" + app + "\"} ";
            return admin().get("/actuator/prometheus").body().lines().filter(l -> l.startsWith(prefix))
                    .map(l -> l.substring(prefix.length())).findFirst().orElse("absent");
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
