package dev.dynoguardian.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.GuardianRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The playground's rolling restart: a few (simulated) minutes in, the six web dynos are restarted once each, one at a
 * time, each replacement judged up by the simulated Platform API and watched by the latency guardian; no worker is
 * part of the roll.
 */
class PlaygroundRollTest {

    @Test
    void thePlaygroundRollsEveryWebDynoOnceOneAtATime() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("guardian.demo.speed", "4");
        settings.put("guardian.demo.deploy-after", "0s");
        settings.put("guardian.demo.leaking-dyno", "");
        settings.put("guardian.demo.slow-dyno", "");
        settings.put("guardian.demo.flapping-dyno", "");
        settings.put("guardian.demo.roll-after", "20s");
        settings.put("guardian.rolling.check-interval", "500ms");
        try (ConfigurableApplicationContext guardian = GuardianRunner.startDemo(settings)) {
            AdminClient admin = new AdminClient(GuardianRunner.port(guardian), "admin", "demo");
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(admin.getJson("/admin/apps/demo-shop/rolling-restart").path("last").path("state")
                            .asString()).isEqualTo("finished"));
            JsonNode roll = admin.getJson("/admin/apps/demo-shop/rolling-restart").path("last");
            assertThat(roll.path("startedBy").asString()).isEqualTo("playground");
            assertThat(roll.path("dynos")).extracting(d -> d.path("dyno").asString() + " " + d.path("status").asString())
                    .containsExactly("web.1 healthy", "web.2 healthy", "web.3 healthy", "web.4 healthy",
                            "web.5 healthy", "web.6 healthy");
            List<String> restarted = new ArrayList<>();
            for (JsonNode row : admin.getJson("/admin/restarts?limit=200")) {
                if (row.path("outcome").asString().equals("restarted")
                        && row.path("requestedBy").asString().equals("planned")) {
                    restarted.add(row.path("dyno").asString() + " by " + row.path("requestedBy").asString());
                }
            }
            assertThat(restarted).containsExactlyInAnyOrder("web.1 by planned", "web.2 by planned",
                    "web.3 by planned", "web.4 by planned", "web.5 by planned", "web.6 by planned");
        }
    }
}
