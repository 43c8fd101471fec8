package dev.dynoguardian.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.GuardianRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The playground does what the README promises: started with the {@code demo} profile, the guardian restarts the
 * leaking dyno and replaces the slow one through its real drain and its real Heroku client, and touches nothing else.
 */
class PlaygroundTest {

    @Test
    void theLeakingDynoIsRestartedAndTheSlowDynoReplacedAndNothingElseIsTouched() {
        Map<String, Object> settings = new java.util.LinkedHashMap<>();
        settings.put("guardian.demo.speed", "4");
        settings.put("guardian.demo.deploy-after", "0s");
        settings.put("guardian.demo.flapping-dyno", "");
        settings.put("guardian.latency.check-interval", "3s");
        settings.put("guardian.latency.window", "30s");
        try (ConfigurableApplicationContext guardian = GuardianRunner.startDemo(settings)) {
            AdminClient admin = new AdminClient(GuardianRunner.port(guardian), "admin", "demo");

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(acted(admin)).containsExactlyInAnyOrder(
                            "web.2 by memory", "web.4 by latency"));

            JsonNode dynos = admin.getJson("/admin/apps/demo-shop/dynos");
            assertThat(dynos).hasSize(8);
            assertThat(acted(admin)).hasSize(2);
        }
    }

    private static List<String> acted(AdminClient admin) {
        List<String> acted = new ArrayList<>();
        for (JsonNode row : admin.getJson("/admin/restarts?limit=200")) {
            String outcome = row.path("outcome").asString();
            if (outcome.equals("restarted") || outcome.equals("stopped") || outcome.equals("pending")) {
                acted.add(row.path("dyno").asString() + " by " + row.path("requestedBy").asString());
            }
        }
        return acted;
    }
}
