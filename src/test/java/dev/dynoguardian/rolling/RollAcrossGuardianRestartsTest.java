package dev.dynoguardian.rolling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.GuardianRunner;
import dev.dynoguardian.support.HerokuStub;
import dev.dynoguardian.support.MutableClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A roll lives in the database: a guardian stopped while a dyno's replacement is still starting is followed by one
 * that waits for that replacement and finishes the roll, restarting no dyno twice. On H2 and PostgreSQL.
 */
class RollAcrossGuardianRestartsTest {

    private static final HerokuStub heroku = HerokuStub.get();
    private static final Duration PAST_SETTLE = Duration.ofSeconds(61);

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.dynoguardian.support.Databases#both")
    void aGuardianRestartedMidRollFinishesItWithoutRestartingADynoTwice(String name,
            Supplier<Map<String, Object>> database) {
        String app = "rolling-restarted-" + name;
        heroku.reset(app);
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        StubFormation formation = StubFormation.of(heroku, app, clock::instant, "web.1", "web.2", "web.3");
        Map<String, Object> settings = GuardianRunner.baseSettings();
        settings.putAll(database.get());
        settings.put("guardian.rolling.check-interval", "100ms");
        settings.put("guardian.heroku.formation-refresh", "200ms");
        settings.put("guardian.notify.webhook-url", heroku.hookUrl(app, "webhook"));

        try (ConfigurableApplicationContext first = GuardianRunner.start(env(app), new HashMap<>(settings), clock)) {
            AdminClient admin = admin(first);
            assertThat(admin.post("/admin/apps/" + app + "/rolling-restart", "{\"reason\": \"refresh\"}").statusCode())
                    .isEqualTo(202);
            awaitRestarted(admin, app, "web.1");
            clock.advance(PAST_SETTLE);
            formation.up("web.1");
            awaitRestarted(admin, app, "web.1", "web.2");
        }

        try (ConfigurableApplicationContext second = GuardianRunner.start(env(app), new HashMap<>(settings), clock)) {
            AdminClient admin = admin(second);
            Counter rounds = second.getBean(MeterRegistry.class).counter("guardian.rolling.checks", "app", app);
            await().until(() -> rounds.count() >= 5);
            assertThat(heroku.apiCalls(app, "DELETE")).as("web.2 is not restarted again")
                    .containsExactly(delete(app, "web.1"), delete(app, "web.2"));
            assertThat(RollingRestartEndToEndTest.RollingTest.statusOf(
                    admin.getJson("/admin/apps/" + app + "/rolling-restart").path("running"), "web.2"))
                    .isEqualTo("restarting");

            clock.advance(PAST_SETTLE);
            formation.up("web.2");
            awaitRestarted(admin, app, "web.1", "web.2", "web.3");
            clock.advance(PAST_SETTLE);
            formation.up("web.3");
            await().untilAsserted(() -> assertThat(admin.getJson("/admin/apps/" + app + "/rolling-restart")
                    .path("last").path("state").asString()).isEqualTo("finished"));
            JsonNode roll = admin.getJson("/admin/apps/" + app + "/rolling-restart").path("last");
            assertThat(roll.path("dynos")).extracting(d -> d.path("status").asString())
                    .containsExactly("healthy", "healthy", "healthy");
            assertThat(heroku.apiCalls(app, "DELETE"))
                    .containsExactly(delete(app, "web.1"), delete(app, "web.2"), delete(app, "web.3"));
        }
    }

    private static void awaitRestarted(AdminClient admin, String app, String... dynos) {
        List<String> expected = java.util.Arrays.stream(dynos).map(d -> delete(app, d)).toList();
        await().untilAsserted(() -> assertThat(heroku.apiCalls(app, "DELETE")).containsExactlyElementsOf(expected));
        await().untilAsserted(() -> assertThat(admin.getJson("/admin/restarts?app=" + app + "&limit=1").get(0)
                .path("outcome").asString()).isEqualTo("restarted"));
    }

    private static String delete(String app, String dyno) {
        return "DELETE /apps/" + app + "/dynos/" + dyno;
    }

    private static AdminClient admin(ConfigurableApplicationContext guardian) {
        return new AdminClient(GuardianRunner.port(guardian), "admin", "admin-pw");
    }

    private static Map<String, String> env(String app) {
        return Map.of("APP_ID_OR_NAME", app, "DRAIN_PASSWORD", "pw", "AUTH_TOKEN", "t", "ADMIN_PASSWORD", "admin-pw",
                "HEROKU_API_URL", heroku.url());
    }
}
