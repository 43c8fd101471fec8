package dev.dynoguardian.latency;

import static dev.dynoguardian.latency.LatencyGuardianEndToEndTest.dynosJson;
import static dev.dynoguardian.latency.LatencyGuardianEndToEndTest.formation;
import static dev.dynoguardian.latency.LatencyGuardianEndToEndTest.traffic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.DrainClient;
import dev.dynoguardian.support.GuardianRunner;
import dev.dynoguardian.support.HerokuStub;
import dev.dynoguardian.support.PostgresDatabase;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The latency check moves between guardian instances sharing one PostgreSQL database (ShedLock hands it to whichever
 * instance asks first): a confirmation streak begun on one instance is continued on the other, an action carried out
 * by one instance is verified by the other, and router lines Heroku spread over both instances are judged together
 * and charted by both.
 */
class LatencyTwoInstancesTest {

    private static final HerokuStub heroku = HerokuStub.get();
    private static final String[] DYNOS = IntStream.rangeClosed(1, 5).mapToObj(i -> "web." + i)
            .toArray(String[]::new);

    private final PostgresDatabase.Server db = PostgresDatabase.fresh();

    @Test
    void aSlowDynoFlaggedByOneInstanceIsActedOnAtTheOthersFirstCheck() throws SQLException {
        String app = "latency-two-streak";
        heroku.reset(app);
        heroku.dynos(app, dynosJson(Instant.now().minus(Duration.ofHours(1)), DYNOS));
        Map<String, Integer> slowWeb3 = formation(3, 400, 120, 5);

        try (ConfigurableApplicationContext a = start(app, "guardian-a", Map.of())) {
            post(a, slowWeb3);
            await().atMost(Duration.ofSeconds(30)).until(() -> checks(a, app, "act") >= 1);
        }
        assertThat(heroku.apiCalls(app, "DELETE")).as("the first check only flags web.3").isEmpty();

        holdCheckLock();
        try (ConfigurableApplicationContext b = start(app, "guardian-b", Map.of())) {
            post(b, slowWeb3);
            releaseCheckLock();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(heroku.apiCalls(app, "DELETE"))
                    .containsExactly("DELETE /apps/" + app + "/dynos/web.3"));
            assertThat(checks(b, app, "act")).as("B acted at its first check that found web.3").isEqualTo(1);
        }
    }

    @Test
    void routerLinesSplitBetweenTwoInstancesAreJudgedTogether() throws SQLException {
        String app = "latency-two-split";
        heroku.reset(app);
        heroku.dynos(app, dynosJson(Instant.now().minus(Duration.ofHours(1)), DYNOS));
        Map<String, String> settings = Map.of("guardian.latency.confirm-checks", "1", "guardian.latency.window", "60s",
                "guardian.latency.check-interval", "2s");
        Map<String, Integer> slowWeb3 = formation(3, 400, 120, 5);

        try (ConfigurableApplicationContext a = start(app, "guardian-a", settings);
             ConfigurableApplicationContext b = start(app, "guardian-b", settings)) {
            DrainClient drainA = new DrainClient(GuardianRunner.port(a), "/logs", "pw");
            DrainClient drainB = new DrainClient(GuardianRunner.port(b), "/logs", "pw");
            assertThat(drainA.post(traffic(Instant.now(), slowWeb3, 20, 42))).isEqualTo(204);
            await().atMost(Duration.ofSeconds(30)).until(() -> publishedBuckets(app) > 0);
            double checked = checks(a, app, null) + checks(b, app, null);
            await().atMost(Duration.ofSeconds(30)).until(() -> checks(a, app, null) + checks(b, app, null)
                    >= checked + 2);
            assertThat(checks(a, app, "hold") + checks(b, app, "hold")).as("20 requests per dyno are too few")
                    .isGreaterThanOrEqualTo(2);
            assertThat(heroku.apiCalls(app, "DELETE")).isEmpty();

            assertThat(drainB.post(traffic(Instant.now(), slowWeb3, 20, 43))).isEqualTo(204);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(heroku.apiCalls(app, "DELETE"))
                    .containsExactly("DELETE /apps/" + app + "/dynos/web.3"));
        }
    }

    @Test
    void anActionCarriedOutByOneInstanceIsVerifiedByTheOther() {
        String app = "latency-two-verify";
        heroku.reset(app);
        heroku.dynos(app, dynosJson(Instant.now().minus(Duration.ofHours(1)), DYNOS));
        Map<String, String> actAtOnce = Map.of("guardian.latency.confirm-checks", "1", "guardian.latency.check-interval",
                "2s");

        try (ConfigurableApplicationContext a = start(app, "guardian-a", actAtOnce)) {
            post(a, formation(3, 400, 120, 5));
            await().atMost(Duration.ofSeconds(30)).until(() -> !heroku.apiCalls(app, "DELETE").isEmpty());
            double afterAction = checks(a, app, null);
            await().atMost(Duration.ofSeconds(30)).until(() -> checks(a, app, null) > afterAction);
        }
        replace(app, "web.3");

        try (ConfigurableApplicationContext b = start(app, "guardian-b", actAtOnce)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> checks(b, app, null) >= 1);
            post(b, Map.of("web.3", 110));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(restartedRow(b, app, "web.3")
                    .path("verification").asString()).isEqualTo("helped"));
            assertThat(restartedRow(b, app, "web.3").path("instance").asString()).isEqualTo("guardian-a");
        }
    }

    @Test
    void eachInstancesChartsShowTheLatencyOfRouterLinesOnlyTheOtherReceived() {
        String app = "latency-two-history";
        heroku.reset(app);
        heroku.dynos(app, dynosJson(Instant.now().minus(Duration.ofHours(1)), DYNOS));
        Map<String, String> settings = Map.of("guardian.latency.window", "12s", "guardian.latency.check-interval", "1h",
                "guardian.history.sample-interval", "200ms");

        try (ConfigurableApplicationContext a = start(app, "guardian-a", settings);
             ConfigurableApplicationContext b = start(app, "guardian-b", settings)) {
            post(b, Map.of("web.3", 400));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode web3 = null;
                for (JsonNode d : admin(a).getJson("/admin/apps/" + app + "/history?minutes=15").path("dynos")) {
                    web3 = d.path("dyno").asString().equals("web.3") ? d : web3;
                }
                assertThat(web3).as("web.3 on A's charts").isNotNull();
                JsonNode points = web3.path("incarnations").get(0).path("points");
                assertThat(points.get(points.size() - 1).get(2).asDouble()).as("its p50 as B timed it")
                        .isBetween(300.0, 500.0);
            });
        }
    }

    private ConfigurableApplicationContext start(String app, String instance, Map<String, String> extra) {
        Map<String, Object> settings = new HashMap<>(GuardianRunner.baseSettings());
        settings.put("spring.datasource.url", db.url());
        settings.put("spring.datasource.username", db.user());
        settings.put("spring.datasource.password", db.password());
        settings.put("guardian.instance-id", instance);
        settings.put("guardian.latency.enabled", "true");
        // a check every 5 s unless a test asks for more: the first test stops A between its first and second checks
        settings.put("guardian.latency.check-interval", "5s");
        settings.putAll(extra);
        Map<String, String> env = Map.of("APP_ID_OR_NAME", app, "DRAIN_PASSWORD", "pw", "AUTH_TOKEN", "t",
                "ADMIN_PASSWORD", "admin-pw", "HEROKU_API_URL", heroku.url());
        return GuardianRunner.start(env, settings);
    }

    /** Two batches of 60 requests per dyno, timed around the given medians. */
    private static void post(ConfigurableApplicationContext guardian, Map<String, Integer> medians) {
        DrainClient drain = new DrainClient(GuardianRunner.port(guardian), "/logs", "pw");
        for (int round = 0; round < 2; round++) {
            assertThat(drain.post(traffic(Instant.now(), medians, 60, 42 + round))).isEqualTo(204);
        }
    }

    /** The instance's latency checks of the app so far, of one decision ({@code act}, ...) or of all when null. */
    private static double checks(ConfigurableApplicationContext guardian, String app, String decision) {
        HttpResponse<String> r = admin(guardian).get("/actuator/metrics/guardian.latency.checks?tag=app:" + app
                + (decision == null ? "" : "&tag=decision:" + decision));
        return r.statusCode() == 404 ? 0 : AdminClient.parse(r.body()).path("measurements").get(0).path("value")
                .asDouble();
    }

    private static JsonNode restartedRow(ConfigurableApplicationContext guardian, String app, String dyno) {
        for (JsonNode row : admin(guardian).getJson("/admin/restarts?app=" + app + "&limit=20")) {
            if (row.path("dyno").asString().equals(dyno) && row.path("outcome").asString().equals("restarted")) {
                return row;
            }
        }
        throw new AssertionError("no restarted row for " + dyno);
    }

    private static AdminClient admin(ConfigurableApplicationContext guardian) {
        return new AdminClient(GuardianRunner.port(guardian), "admin", "admin-pw");
    }

    /** The platform lists {@code dyno} as a fresh incarnation, up since now, the others as before. */
    private static void replace(String app, String dyno) {
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        String others = java.util.Arrays.stream(DYNOS).filter(n -> !n.equals(dyno)).map(n -> dynosJson(hourAgo, n))
                .map(j -> j.substring(1, j.length() - 1)).collect(Collectors.joining(","));
        String fresh = dynosJson(Instant.now(), dyno);
        heroku.dynos(app, "[" + others + "," + fresh.substring(1, fresh.length() - 1) + "]");
    }

    private long publishedBuckets(String app) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM latency_bucket WHERE app = ?")) {
            s.setString(1, app);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Keeps every instance from running the check, the way an instance running it would. */
    private void holdCheckLock() throws SQLException {
        setCheckLockUntil(Instant.now().plus(Duration.ofHours(1)));
    }

    private void releaseCheckLock() throws SQLException {
        setCheckLockUntil(Instant.now());
    }

    private void setCheckLockUntil(Instant until) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement s = c.prepareStatement("UPDATE shedlock SET lock_until = ?, locked_by = 'test'"
                     + " WHERE name = 'latency-check'")) {
            s.setTimestamp(1, Timestamp.from(until));
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }
}
