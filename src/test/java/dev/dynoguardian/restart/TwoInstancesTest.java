package dev.dynoguardian.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.DrainClient;
import dev.dynoguardian.support.GuardianRunner;
import dev.dynoguardian.support.HerokuStub;
import dev.dynoguardian.support.LogplexBody;
import dev.dynoguardian.support.PostgresDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Two guardian instances sharing one real PostgreSQL database behave as one: under concurrent identical drain
 * batches (logplex redelivers to whichever instance answers) no dyno is restarted twice, at most one restart per type
 * is in flight across both, the hourly budget is shared, a dyno that crashed in a batch only one instance
 * received counts against the capacity floor on the other, and a Heroku incident both see is notified once.
 */
class TwoInstancesTest {

    private static final HerokuStub heroku = HerokuStub.get();

    @Test
    void aCrashSeenByOneInstanceHoldsTheCapacityFloorOnTheOther() {
        String app = "two-instances-capacity";
        Map<String, Object> settings = sharedDatabase(app);
        heroku.formation(app, "web.1", "web.2", "web.3", "web.4");
        try (ConfigurableApplicationContext a = instance(app, "guardian-a", settings);
             ConfigurableApplicationContext b = instance(app, "guardian-b", settings)) {
            DrainClient drainA = new DrainClient(GuardianRunner.port(a), "/logs", "pw");
            DrainClient drainB = new DrainClient(GuardianRunner.port(b), "/logs", "pw");
            AdminClient adminB = new AdminClient(GuardianRunner.port(b), "admin", "admin-pw");
            await().untilAsserted(() -> assertThat(heroku.listings(app)).as("each instance's first list of dynos")
                    .isGreaterThanOrEqualTo(2));
            Instant t0 = Instant.now();
            for (DrainClient drain : List.of(drainA, drainB)) {
                LogplexBody samples = LogplexBody.at(t0);
                for (int i = 1; i <= 4; i++) {
                    samples.memory("web." + i, "uuid-" + i, 200, 512);
                }
                drain.post(samples);
            }
            heroku.formation(app, Map.of("web.1", "crashed", "web.2", "up", "web.3", "up", "web.4", "up"));
            drainA.post(LogplexBody.at(t0.plusSeconds(1)).stateChanged("web.1", "up", "crashed"));
            JdbcClient sharedDatabase = b.getBean(JdbcClient.class);
            await().untilAsserted(() -> assertThat(sharedDatabase.sql(
                            "SELECT state FROM dyno_state WHERE app = :app AND dyno = 'web.1'").param("app", app)
                    .query(String.class).optional()).as("the crash A shared, as B reads it").contains("crashed"));

            drainB.post(LogplexBody.at(t0.plusSeconds(2)).r14("web.2"));
            await().untilAsserted(() -> assertThat(adminB.getJson("/admin/restarts?app=" + app + "&limit=5"))
                    .anySatisfy(row -> {
                        assertThat(row.path("dyno").asString()).isEqualTo("web.2");
                        assertThat(row.path("outcome").asString()).isEqualTo("queued");
                        assertThat(row.path("rule").asString()).isEqualTo("capacity");
                    }));
            assertThat(heroku.apiCalls(app, "DELETE")).isEmpty();

            heroku.formation(app, "web.1", "web.2", "web.3", "web.4");
            drainA.post(LogplexBody.at(t0.plusSeconds(3)).stateChanged("web.1", "crashed", "starting")
                    .stateChanged("web.1", "starting", "up"));
            await().untilAsserted(() -> assertThat(heroku.apiCalls(app, "DELETE"))
                    .containsExactly("DELETE /apps/" + app + "/dynos/web.2"));
        }
    }

    @Test
    void twoInstancesOnOneDatabaseNeverDoubleRestart() throws Exception {
        String app = "two-instances";
        Map<String, Object> settings = sharedDatabase(app);
        settings.put("guardian.policy.settle-time", "2s");
        settings.put("guardian.policy.max-restarts-per-hour", "3");
        ExecutorService posters = Executors.newFixedThreadPool(4);
        try (ConfigurableApplicationContext a = instance(app, "guardian-a", settings);
             ConfigurableApplicationContext b = instance(app, "guardian-b", settings)) {
            List<DrainClient> drains = List.of(new DrainClient(GuardianRunner.port(a), "/logs", "pw"),
                    new DrainClient(GuardianRunner.port(b), "/logs", "pw"));
            Instant until = Instant.now().plusSeconds(9);
            int round = 0;
            while (Instant.now().isBefore(until)) {
                LogplexBody body = LogplexBody.at(Instant.now());
                for (int i = 1; i <= 5; i++) {
                    body.r14("web." + i);
                }
                byte[] bytes = body.bytes();
                String frameId = "FRAME-" + round++;
                CompletableFuture.allOf(drains.stream().map(d -> CompletableFuture.runAsync(
                        () -> d.post(bytes, 5, frameId), posters)).toArray(CompletableFuture[]::new)).join();
                Thread.sleep(250);
            }

            await().untilAsserted(() -> assertThat(heroku.apiCalls(app, "DELETE")).hasSize(3));
            List<String> dynos = heroku.apiCalls(app, "DELETE");
            assertThat(dynos).doesNotHaveDuplicates();
            List<Instant> times = heroku.calls(app).stream().filter(c -> c.method().equals("DELETE"))
                    .map(HerokuStub.Call::at).sorted().toList();
            for (int i = 1; i < times.size(); i++) {
                assertThat(Duration.between(times.get(i - 1), times.get(i)))
                        .as("one restart in flight at a time across instances")
                        .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
            }
        } finally {
            posters.shutdownNow();
        }
    }

    @Test
    void aPlatformIncidentBothInstancesSeeIsNotifiedOnceAndSoIsItsEnd() {
        String app = "two-instances-platform";
        Map<String, Object> settings = sharedDatabase(app);
        settings.put("guardian.platform-status.url", heroku.url() + "/platform-status/" + app);
        settings.put("guardian.platform-status.interval", "200ms");
        settings.put("guardian.notify.webhook-url", heroku.url() + "/hooks/" + app + "/webhook");
        heroku.formation(app, "web.1", "web.2");
        heroku.platformStatus(app, HerokuStub.platformStatusJson("red", "Increased error rates on dynos"));
        try (ConfigurableApplicationContext a = instance(app, "guardian-a", settings);
             ConfigurableApplicationContext b = instance(app, "guardian-b", settings)) {
            List<AdminClient> admins = List.of(new AdminClient(GuardianRunner.port(a), "admin", "admin-pw"),
                    new AdminClient(GuardianRunner.port(b), "admin", "admin-pw"));
            awaitPlatformHold(admins, "red");
            heroku.platformStatus(app, HerokuStub.platformStatusJson("green", null));
            awaitPlatformHold(admins, null);
            await().untilAsserted(() -> assertThat(platformEvents(app))
                    .containsExactly("platform-incident", "platform-recovered"));
            heroku.platformStatus(app, HerokuStub.platformStatusJson("red", "Increased error rates on dynos"));
            awaitPlatformHold(admins, "red");
            await().untilAsserted(() -> assertThat(platformEvents(app))
                    .containsExactly("platform-incident", "platform-recovered", "platform-incident"));
        }
    }

    private static void awaitPlatformHold(List<AdminClient> admins, String level) {
        for (AdminClient admin : admins) {
            await().untilAsserted(() -> {
                JsonNode hold = admin.getJson("/admin/status").path("platform").path("hold");
                if (level == null) {
                    assertThat(hold.isNull()).isTrue();
                } else {
                    assertThat(hold.path("level").asString()).isEqualTo(level);
                }
            });
        }
    }

    private static List<String> platformEvents(String app) {
        return heroku.hookBodies(app, "webhook").stream().map(body -> AdminClient.parse(body).path("event").asString())
                .filter(event -> event.startsWith("platform-")).toList();
    }

    /** Settings of a guardian on a fresh PostgreSQL database, for the app (whose stubbed API calls are reset). */
    private static Map<String, Object> sharedDatabase(String app) {
        heroku.reset(app);
        PostgresDatabase.Server db = PostgresDatabase.fresh();
        Map<String, Object> settings = GuardianRunner.baseSettings();
        settings.put("spring.datasource.url", db.url());
        settings.put("spring.datasource.username", db.user());
        settings.put("spring.datasource.password", db.password());
        return settings;
    }

    private static ConfigurableApplicationContext instance(String app, String id, Map<String, Object> settings) {
        Map<String, String> env = Map.of("APP_ID_OR_NAME", app, "DRAIN_PASSWORD", "pw", "AUTH_TOKEN", "t",
                "ADMIN_PASSWORD", "admin-pw", "HEROKU_API_URL", heroku.url());
        Map<String, Object> own = new HashMap<>(settings);
        own.put("guardian.instance-id", id);
        return GuardianRunner.start(env, own);
    }
}
