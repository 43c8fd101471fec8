package dev.dynoguardian.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.DrainClient;
import dev.dynoguardian.support.GuardianRunner;
import dev.dynoguardian.support.HerokuStub;
import dev.dynoguardian.support.LogplexBody;
import dev.dynoguardian.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * What must survive a guardian restart lives in the database, on H2 and on PostgreSQL: restart windows, restarted
 * incarnations, the ledger and pauses. A new guardian on the same database behaves as the old one would have.
 */
class RestartSurvivalTest {

    private static final HerokuStub heroku = HerokuStub.get();

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.dynoguardian.support.Databases#both")
    void windowsLedgerAndPausesSurviveARestart(String name, Supplier<Map<String, Object>> database) {
        String app = "survival-" + name;
        Map<String, Object> settings = settings(app, database);
        Map<String, String> env = env(app);
        String first = UUID.randomUUID().toString();

        try (ConfigurableApplicationContext guardian = GuardianRunner.start(env, new HashMap<>(settings))) {
            post(guardian, LogplexBody.at(Instant.now()).memory("web.1", first, 768, 512));
            await().untilAsserted(() -> assertThat(heroku.apiCalls(app, "DELETE")).hasSize(1));
            await().untilAsserted(() -> assertThat(ledger(guardian, app).get(0).path("outcome").asString())
                    .isEqualTo("restarted"));
            admin(guardian).postJson("/admin/pause", "{\"reason\":\"maintenance\",\"app\":\"" + app + "\"}");
        }

        try (ConfigurableApplicationContext guardian = GuardianRunner.start(env, new HashMap<>(settings))) {
            JsonNode status = admin(guardian).getJson("/admin/status");
            assertThat(status.path("apps").get(0).path("paused").asBoolean()).isTrue();
            assertThat(status.path("apps").get(0).path("pauseReason").asString()).isEqualTo("maintenance");

            post(guardian, LogplexBody.at(Instant.now()).stateChanged("web.1", "starting", "up").r14("web.2"));
            await().untilAsserted(() -> assertThat(ledger(guardian, app)).anySatisfy(r -> {
                assertThat(r.path("dyno").asString()).isEqualTo("web.2");
                assertThat(r.path("rule").asString()).isEqualTo("paused");
                assertThat(r.path("outcome").asString()).isEqualTo("queued");
            }));
            assertThat(heroku.apiCalls(app, "DELETE")).containsExactly("DELETE /apps/" + app + "/dynos/web.1");

            admin(guardian).postJson("/admin/resume", "{\"app\":\"" + app + "\"}");
            await().untilAsserted(() -> assertThat(heroku.apiCalls(app, "DELETE"))
                    .containsExactly("DELETE /apps/" + app + "/dynos/web.1", "DELETE /apps/" + app + "/dynos/web.2"));

            post(guardian, LogplexBody.at(Instant.now())
                    .memory("web.1", first, 800, 512)
                    .memory("web.1", UUID.randomUUID().toString(), 700, 512));

            await().untilAsserted(() -> assertThat(ledger(guardian, app)).extracting(r -> r.path("rule").asString())
                    .contains("window"));
            JsonNode newest = ledger(guardian, app).get(0);
            assertThat(newest.path("outcome").asString()).isEqualTo("skipped");
            assertThat(heroku.apiCalls(app, "DELETE")).hasSize(2);
            assertThat(ledger(guardian, app)).extracting(r -> r.path("outcome").asString()).contains("restarted");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.dynoguardian.support.Databases#both")
    void restartedIncarnationsSurviveARestart(String name, Supplier<Map<String, Object>> database) {
        String app = "incarnations-" + name;
        Map<String, Object> settings = settings(app, database);
        Map<String, String> env = new HashMap<>(env(app));
        env.put("WEB_RESTART_WINDOW", "600");
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();

        try (ConfigurableApplicationContext guardian = GuardianRunner.start(env, new HashMap<>(settings), clock)) {
            post(guardian, LogplexBody.at(clock.instant()).memory("web.1", a, 768, 512));
            await().untilAsserted(() -> assertThat(ledger(guardian, app)).extracting(r -> r.path("outcome")
                    .asString()).containsExactly("restarted"));
        }

        clock.advance(Duration.ofMinutes(11));
        try (ConfigurableApplicationContext guardian = GuardianRunner.start(env, new HashMap<>(settings), clock)) {
            post(guardian, LogplexBody.at(clock.instant()).memory("web.1", a, 800, 512));
            await().untilAsserted(() -> assertThat(ledger(guardian, app)).hasSize(2));
            JsonNode late = ledger(guardian, app).get(0);
            assertThat(late.path("dynoId").asString()).isEqualTo(a);
            assertThat(late.path("outcome").asString()).isEqualTo("skipped");
            assertThat(late.path("rule").asString()).isEqualTo("incarnation");
            assertThat(heroku.apiCalls(app, "DELETE")).containsExactly("DELETE /apps/" + app + "/dynos/web.1");

            post(guardian, LogplexBody.at(clock.instant()).memory("web.1", b, 700, 512));
            await().untilAsserted(() -> assertThat(ledger(guardian, app).get(0).path("outcome").asString())
                    .isEqualTo("restarted"));
            assertThat(ledger(guardian, app).get(0).path("dynoId").asString()).isEqualTo(b);
            assertThat(heroku.apiCalls(app, "DELETE")).containsExactly("DELETE /apps/" + app + "/dynos/web.1",
                    "DELETE /apps/" + app + "/dynos/web.1");
        }
    }

    /** What a dry-run only "would" have done does not count once dry-run is off: the same evidence then acts. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.dynoguardian.support.Databases#both")
    void dryRunDecisionsNeverBlockRealRestartsLater(String name, Supplier<Map<String, Object>> database) {
        String app = "dry-then-real-" + name;
        Map<String, Object> settings = settings(app, database);
        Map<String, String> env = env(app);
        String incarnation = UUID.randomUUID().toString();

        Map<String, Object> dryRun = new HashMap<>(settings);
        dryRun.put("guardian.dry-run", "true");
        try (ConfigurableApplicationContext guardian = GuardianRunner.start(env, dryRun)) {
            post(guardian, LogplexBody.at(Instant.now()).memory("web.1", incarnation, 768, 512));
            await().untilAsserted(() -> assertThat(ledger(guardian, app)).extracting(r -> r.path("outcome").asString())
                    .containsExactly("dry-run"));
        }

        try (ConfigurableApplicationContext guardian = GuardianRunner.start(env, new HashMap<>(settings))) {
            post(guardian, LogplexBody.at(Instant.now()).memory("web.1", incarnation, 780, 512));

            await().untilAsserted(() -> assertThat(ledger(guardian, app).get(0).path("outcome").asString())
                    .isEqualTo("restarted"));
            assertThat(heroku.apiCalls(app, "DELETE")).containsExactly("DELETE /apps/" + app + "/dynos/web.1");
        }
    }

    private static void post(ConfigurableApplicationContext guardian, LogplexBody body) {
        assertThat(new DrainClient(GuardianRunner.port(guardian), "/logs", "pw").post(body)).isEqualTo(204);
    }

    private static AdminClient admin(ConfigurableApplicationContext guardian) {
        return new AdminClient(GuardianRunner.port(guardian), "admin", "admin-pw");
    }

    private static java.util.List<JsonNode> ledger(ConfigurableApplicationContext guardian, String app) {
        java.util.List<JsonNode> rows = new java.util.ArrayList<>();
        admin(guardian).getJson("/admin/restarts?app=" + app).forEach(rows::add);
        return rows;
    }

    /** A guardian's settings on the database given, for the app (whose stubbed API calls are reset). */
    /**
     * These guardians run on the real clock: web.1's up line is trusted at once ({@code min-settle=0s}), so its slot
     * does not hold web.2 for the 20 s floor.
     */
    private static Map<String, Object> settings(String app, Supplier<Map<String, Object>> database) {
        heroku.reset(app);
        Map<String, Object> settings = GuardianRunner.baseSettings();
        settings.putAll(database.get());
        settings.put("guardian.policy.min-settle", "0s");
        return settings;
    }

    private static Map<String, String> env(String app) {
        return Map.of("APP_ID_OR_NAME", app, "DRAIN_PASSWORD", "pw", "AUTH_TOKEN", "t", "ADMIN_PASSWORD", "admin-pw",
                "HEROKU_API_URL", heroku.url());
    }
}
