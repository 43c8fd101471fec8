package dev.dynoguardian.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.DrainClient;
import dev.dynoguardian.support.GuardianRunner;
import dev.dynoguardian.support.HerokuStub;
import dev.dynoguardian.support.LogplexBody;
import dev.dynoguardian.support.MutableClock;
import dev.dynoguardian.support.PostgresDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

    /**
     * Both instances run on one test clock, so a restart's slot ends only when the test moves it past the settle-time:
     * while it is in flight, storms of identical batches to both instances queue every other request on each of them
     * and call the API no more.
     */
    @Test
    void twoInstancesOnOneDatabaseNeverDoubleRestart() {
        String app = "two-instances";
        Map<String, Object> settings = sharedDatabase(app);
        settings.put("guardian.policy.max-restarts-per-hour", "3");
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        ExecutorService posters = Executors.newFixedThreadPool(4);
        try (ConfigurableApplicationContext a = instance(app, "guardian-a", settings, clock);
             ConfigurableApplicationContext b = instance(app, "guardian-b", settings, clock)) {
            List<DrainClient> drains = List.of(new DrainClient(GuardianRunner.port(a), "/logs", "pw"),
                    new DrainClient(GuardianRunner.port(b), "/logs", "pw"));
            List<AdminClient> admins = List.of(new AdminClient(GuardianRunner.port(a), "admin", "admin-pw"),
                    new AdminClient(GuardianRunner.port(b), "admin", "admin-pw"));
            for (int restarts = 1; restarts <= 3; restarts++) {
                storm(drains, posters, clock, "first-" + restarts);
                int expected = restarts;
                await().untilAsserted(() -> assertThat(heroku.apiCalls(app, "DELETE")).hasSize(expected));
                if (restarts < 3) {
                    storm(drains, posters, clock, "again-" + restarts);
                    for (AdminClient admin : admins) {
                        await().untilAsserted(() -> assertThat(admin.getJson("/admin/apps/" + app + "/status")
                                .path("queue").findValuesAsString("rule")).isNotEmpty().containsOnly("in-flight"));
                    }
                    assertThat(heroku.apiCalls(app, "DELETE")).as("one restart in flight across both instances")
                            .hasSize(expected);
                }
                clock.advance(Duration.ofSeconds(61));
            }

            long overBudget = budgetRows(admins.get(0), app);
            storm(drains, posters, clock, "over-budget");
            await().untilAsserted(() -> assertThat(budgetRows(admins.get(1), app)).isGreaterThan(overBudget));
            assertThat(heroku.apiCalls(app, "DELETE")).as("the budget of 3 shared by both instances").hasSize(3)
                    .doesNotHaveDuplicates();
        } finally {
            posters.shutdownNow();
        }
    }

    private static long budgetRows(AdminClient admin, String app) {
        return admin.getJson("/admin/restarts?app=" + app + "&limit=200").findValuesAsString("rule").stream()
                .filter("budget"::equals).count();
    }

    /** The same batch of R14 lines for web.1 to web.5, posted to both instances at once three times over. */
    private static void storm(List<DrainClient> drains, ExecutorService posters, MutableClock clock, String frameId) {
        LogplexBody body = LogplexBody.at(clock.instant());
        for (int i = 1; i <= 5; i++) {
            body.r14("web." + i);
        }
        byte[] bytes = body.bytes();
        for (int copy = 0; copy < 3; copy++) {
            CompletableFuture.allOf(drains.stream().map(d -> CompletableFuture.runAsync(
                    () -> d.post(bytes, 5, frameId), posters)).toArray(CompletableFuture[]::new)).join();
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
        return instance(app, id, settings, null);
    }

    /** An instance on the given clock, or on the system clock when it is null. */
    private static ConfigurableApplicationContext instance(String app, String id, Map<String, Object> settings,
                                                           MutableClock clock) {
        Map<String, String> env = Map.of("APP_ID_OR_NAME", app, "DRAIN_PASSWORD", "pw", "AUTH_TOKEN", "t",
                "ADMIN_PASSWORD", "admin-pw", "HEROKU_API_URL", heroku.url());
        Map<String, Object> own = new HashMap<>(settings);
        own.put("guardian.instance-id", id);
        return GuardianRunner.start(env, own, clock);
    }
}
