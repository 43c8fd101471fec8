package dev.dynoguardian.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.DrainClient;
import dev.dynoguardian.support.GuardianRunner;
import dev.dynoguardian.support.HerokuStub;
import dev.dynoguardian.support.LogplexBody;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Queues live in the guardian process. A guardian that stops (a deploy replaces it) records every request still
 * waiting as skipped with the reason, so the ledger never keeps a "queued" request nobody will carry out.
 */
class ShutdownTest {

    private static final HerokuStub heroku = HerokuStub.get();

    @Test
    void requestsStillQueuedAtShutdownAreRecordedAsSkipped() {
        String app = "shutdown";
        heroku.reset(app);
        Map<String, Object> settings = GuardianRunner.baseSettings();
        settings.put("spring.datasource.url", "jdbc:h2:file:./target/h2/" + UUID.randomUUID()
                + "/guardian;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        Map<String, String> env = Map.of("APP_ID_OR_NAME", app, "DRAIN_PASSWORD", "pw", "AUTH_TOKEN", "t",
                "ADMIN_PASSWORD", "admin-pw", "HEROKU_API_URL", heroku.url());

        try (ConfigurableApplicationContext guardian = GuardianRunner.start(env, new HashMap<>(settings))) {
            new DrainClient(GuardianRunner.port(guardian), "/logs", "pw")
                    .post(LogplexBody.at(Instant.now()).r14("web.1").r14("web.2"));
            await().untilAsserted(() -> assertThat(ledger(guardian, app))
                    .anySatisfy(row -> assertThat(row.path("outcome").asString()).isEqualTo("queued")));
        }

        try (ConfigurableApplicationContext guardian = GuardianRunner.start(env, new HashMap<>(settings))) {
            List<JsonNode> web2 = ledger(guardian, app).stream()
                    .filter(row -> row.path("dyno").asString().equals("web.2")).toList();
            assertThat(web2).extracting(row -> row.path("outcome").asString()).containsExactly("skipped", "queued");
            assertThat(web2.get(0).path("rule").asString()).isEqualTo("shutdown");
            assertThat(web2.get(0).path("detail").asString()).contains("guardian stopped");
        }
        assertThat(heroku.apiCalls(app, "DELETE")).hasSize(1);
    }

    private static List<JsonNode> ledger(ConfigurableApplicationContext guardian, String app) {
        List<JsonNode> rows = new java.util.ArrayList<>();
        new AdminClient(GuardianRunner.port(guardian), "admin", "admin-pw").getJson("/admin/restarts?app=" + app)
                .forEach(rows::add);
        return rows;
    }
}
