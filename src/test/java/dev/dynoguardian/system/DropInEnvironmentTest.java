package dev.dynoguardian.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.DrainClient;
import dev.dynoguardian.support.GuardianRunner;
import dev.dynoguardian.support.HerokuStub;
import dev.dynoguardian.support.LogplexBody;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The R14 restarter's config vars, unchanged, run the guardian: a drop-in replacement. */
class DropInEnvironmentTest {

    private static final HerokuStub heroku = HerokuStub.get();

    @Test
    void theR14RestartersEnvironmentWorksUnchanged() {
        String app = "dropin-e2e";
        heroku.reset(app);
        Map<String, String> env = Map.of(
                "DRAIN_PASSWORD", "dark-knight-pw",
                "APP_ID_OR_NAME", app,
                "AUTH_TOKEN", "dark-knight-token",
                "DYNO_TYPES", "web,worker",
                "WEB_RESTART_THRESHOLD", "90%",
                "WORKER_RESTART_THRESHOLD", "300",
                "WEB_RESTART_WINDOW", "900",
                "SLACK_WEBHOOK_URL", heroku.hookUrl(app, "slack"),
                "HEROKU_API_URL", heroku.url());
        Map<String, Object> settings = GuardianRunner.baseSettings();
        settings.put("spring.datasource.url", "jdbc:h2:mem:" + app + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        try (ConfigurableApplicationContext guardian = GuardianRunner.start(env, settings)) {
            int port = GuardianRunner.port(guardian);
            LogplexBody body = LogplexBody.at(Instant.now())
                    .memory("web.1", UUID.randomUUID().toString(), 470, 512)
                    .memory("web.2", UUID.randomUUID().toString(), 450, 512)
                    .memory("worker.1", UUID.randomUUID().toString(), 310, 512)
                    .memory("clock.1", UUID.randomUUID().toString(), 900, 512);

            assertThat(new DrainClient(port, "/logs", "wrong").post(body)).isEqualTo(401);
            assertThat(new DrainClient(port, "/logs", "dark-knight-pw").post(body)).isEqualTo(204);

            await().untilAsserted(() -> assertThat(heroku.apiCalls(app, "DELETE")).containsExactlyInAnyOrder(
                    "DELETE /apps/" + app + "/dynos/web.1", "DELETE /apps/" + app + "/dynos/worker.1"));
            assertThat(heroku.calls(app)).filteredOn(c -> c.method().equals("DELETE"))
                    .allSatisfy(c -> assertThat(c.authorization()).isEqualTo("Bearer dark-knight-token"));
            await().untilAsserted(() -> assertThat(heroku.hookBodies(app, "slack")).hasSize(2));
        }
    }
}
