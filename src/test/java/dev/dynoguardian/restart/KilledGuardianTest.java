package dev.dynoguardian.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.DrainClient;
import dev.dynoguardian.support.GuardianRunner;
import dev.dynoguardian.support.HerokuStub;
import dev.dynoguardian.support.LogplexBody;
import dev.dynoguardian.support.PostgresDatabase;
import dev.dynoguardian.support.SeparateGuardian;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A guardian killed (SIGKILL) while Heroku holds its DELETE leaves a ledger row pending that it will never complete.
 * The next guardian to start on the same database resolves it before its drain opens, and an instance still running
 * resolves it within a sweep: {@code unknown}, saying why, notified once, spending the budget, and with the dyno's
 * window kept, since Heroku may have restarted it. On H2 and PostgreSQL.
 */
class KilledGuardianTest {

    private static final HerokuStub heroku = HerokuStub.get();
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(1);

    /** Holds the stub's answers to DELETE until the test is over (the guardian that asked is dead by then). */
    private final CountDownLatch releaseTheDeletes = new CountDownLatch(1);

    @AfterEach
    void release() {
        releaseTheDeletes.countDown();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.dynoguardian.support.Databases#both")
    void theNextGuardianToStartResolvesItAsUnknownAndKeepsTheWindow(String name,
            Supplier<Map<String, Object>> database) throws InterruptedException {
        String app = "killed-" + name;
        Map<String, Object> settings = settings(app, database.get());

        int sentByTheDead = killMidCall(app, settings);
        Thread.sleep(PROCESS_TIMEOUT.toMillis());

        try (ConfigurableApplicationContext guardian = GuardianRunner.start(env(app), new HashMap<>(settings))) {
            int port = GuardianRunner.port(guardian);
            List<JsonNode> rows = ledger(port, app);
            assertThat(rows).extracting(r -> r.path("outcome").asString()).containsExactly("unknown");
            assertThat(rows.get(0).path("detail").asString())
                    .contains("stopped while the Heroku API call was under way").contains("may have been restarted");
            assertThat(rows.get(0).path("completedAt").isNull()).isFalse();
            assertNotifiedOnce(app);
            assertThat(admin(port).getJson("/admin/status").path("apps").get(0).path("budgetLeft").asInt())
                    .isEqualTo(9);

            post(port, LogplexBody.at(Instant.now()).r14("web.1"));
            await().untilAsserted(() -> assertThat(ledger(port, app).get(0).path("rule").asString())
                    .isEqualTo("window"));
            assertThat(heroku.apiCalls(app, "DELETE")).as("the dead guardian's attempts only")
                    .hasSize(sentByTheDead);
        }
    }

    @Test
    void anInstanceStillRunningResolvesItWithinASweep() throws InterruptedException {
        String app = "killed-beside-a-live-one";
        PostgresDatabase.Server db = PostgresDatabase.fresh();
        Map<String, Object> settings = settings(app, Map.of("spring.datasource.url", db.url(),
                "spring.datasource.username", db.user(), "spring.datasource.password", db.password()));

        try (ConfigurableApplicationContext live = GuardianRunner.start(env(app), new HashMap<>(settings))) {
            killMidCall(app, settings);

            await().untilAsserted(() -> assertThat(ledger(GuardianRunner.port(live), app))
                    .extracting(r -> r.path("outcome").asString()).containsExactly("unknown"));
            assertNotifiedOnce(app);
        }
    }

    /** Starts a guardian in its own JVM, has it restart web.1 and kills it while Heroku holds the call. */
    private int killMidCall(String app, Map<String, Object> settings) throws InterruptedException {
        try (SeparateGuardian doomed = SeparateGuardian.start(app, env(app), settings)) {
            post(doomed.port(), LogplexBody.at(Instant.now()).r14("web.1"));
            await().untilAsserted(() -> assertThat(heroku.apiCalls(app, "DELETE")).isNotEmpty());
            assertThat(ledger(doomed.port(), app)).extracting(r -> r.path("outcome").asString())
                    .containsExactly("pending");
            doomed.kill();
        }
        return heroku.apiCalls(app, "DELETE").size();
    }

    private static void assertNotifiedOnce(String app) {
        await().untilAsserted(() -> assertThat(heroku.hookBodies(app, "webhook"))
                .filteredOn(b -> b.contains("\"event\":\"unknown-outcome\"")).singleElement()
                .satisfies(b -> assertThat(b).contains("web.1").contains("may or may not have been restarted")));
    }

    private Map<String, Object> settings(String app, Map<String, Object> database) {
        heroku.reset(app);
        heroku.script(app, r -> "DELETE".equals(r.getMethod()) && held() ? HerokuStub.status(202) : null);
        Map<String, Object> settings = GuardianRunner.baseSettings();
        settings.putAll(database);
        String url = String.valueOf(settings.get("spring.datasource.url"));
        if (url.startsWith("jdbc:h2:")) {
            // H2 writes its file up to half a second after a commit; a kill -9 inside that would lose the row itself
            settings.put("spring.datasource.url", url + ";WRITE_DELAY=0");
        }
        settings.put("guardian.ledger.heartbeat-interval", "200ms");
        settings.put("guardian.ledger.process-timeout", PROCESS_TIMEOUT.toString());
        settings.put("guardian.notify.webhook-url", heroku.hookUrl(app, "webhook"));
        return settings;
    }

    private boolean held() {
        try {
            releaseTheDeletes.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private static Map<String, String> env(String app) {
        return Map.of("APP_ID_OR_NAME", app, "DRAIN_PASSWORD", "pw", "AUTH_TOKEN", "t", "ADMIN_PASSWORD", "admin-pw",
                "HEROKU_API_URL", heroku.url());
    }

    private static void post(int port, LogplexBody body) {
        assertThat(new DrainClient(port, "/logs", "pw").post(body)).isEqualTo(204);
    }

    private static AdminClient admin(int port) {
        return new AdminClient(port, "admin", "admin-pw");
    }

    private static List<JsonNode> ledger(int port, String app) {
        List<JsonNode> rows = new ArrayList<>();
        admin(port).getJson("/admin/restarts?app=" + app).forEach(rows::add);
        return rows;
    }
}
