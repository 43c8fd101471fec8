package dev.dynoguardian.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.GuardianRunner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The playground does what the README promises: started with the {@code demo} profile, the guardian restarts the
 * leaking dyno and replaces the slow one through its real drain and its real Heroku client, each comes back as a new
 * incarnation, and no other dyno is touched, then or while the simulation runs on.
 */
class PlaygroundTest {

    /** Ledger outcomes of a decision that made, or would have made, an API call. */
    private static final Set<String> ACTING = Set.of("pending", "restarted", "stopped", "queued", "failed", "dry-run");

    @Test
    void theLeakingDynoIsRestartedAndTheSlowDynoReplacedAndNothingElseIsTouched() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("guardian.demo.speed", "4");
        settings.put("guardian.demo.deploy-after", "0s");
        settings.put("guardian.demo.roll-after", "0s");
        settings.put("guardian.demo.flapping-dyno", "");
        settings.put("guardian.latency.check-interval", "3s");
        settings.put("guardian.latency.window", "30s");
        try (ConfigurableApplicationContext guardian = GuardianRunner.startDemo(settings)) {
            AdminClient admin = new AdminClient(GuardianRunner.port(guardian), "admin", "demo");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(incarnations(admin)).hasSize(8).allSatisfy((dyno, id) -> assertThat(id).isNotBlank()));
            Map<String, String> before = incarnations(admin);
            assertThat(acted(admin)).as("acted before the first incarnations were seen").isEmpty();

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                assertThat(acted(admin)).containsOnly("web.2 by memory", "web.4 by latency");
                assertThat(done(admin)).containsOnly("web.2 by memory", "web.4 by latency");
            });
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                Map<String, String> after = incarnations(admin);
                assertThat(after).hasSize(8);
                for (String dyno : List.of("web.2", "web.4")) {
                    assertThat(after.get(dyno)).as(dyno + " is a new incarnation").isNotBlank()
                            .isNotEqualTo(before.get(dyno));
                }
            });
            // The simulation runs on: once the guardian has read another memory sample of every dyno and judged the
            // latency twice more, still nothing else is touched and each dyno was acted on only once (a request may
            // have waited in the queue first, behind the other's restart).
            MeterRegistry meters = guardian.getBean(MeterRegistry.class);
            double samples = total(meters, "guardian.drain.lines", "memory-sample");
            double checks = total(meters, "guardian.latency.checks", null);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                    total(meters, "guardian.drain.lines", "memory-sample") >= samples + 8
                            && total(meters, "guardian.latency.checks", null) >= checks + 2);
            assertThat(acted(admin)).containsOnly("web.2 by memory", "web.4 by latency");
            assertThat(done(admin)).containsExactlyInAnyOrder("web.2 by memory", "web.4 by latency");
        }
    }

    /** The count of the counter summed over its tags, or over those of one {@code kind} only. */
    private static double total(MeterRegistry meters, String name, String kind) {
        var search = kind == null ? meters.find(name) : meters.find(name).tag("kind", kind);
        return search.counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Each ledger row that made or would have made an API call, as "dyno by trigger". */
    private static List<String> acted(AdminClient admin) {
        List<String> acted = new ArrayList<>();
        for (JsonNode row : admin.getJson("/admin/restarts?limit=200")) {
            if (ACTING.contains(row.path("outcome").asString())) {
                acted.add(row.path("dyno").asString() + " by " + row.path("requestedBy").asString());
            }
        }
        return acted;
    }

    /** The completed actions, as "dyno by trigger". */
    private static List<String> done(AdminClient admin) {
        List<String> done = new ArrayList<>();
        for (JsonNode row : admin.getJson("/admin/restarts?limit=200")) {
            String outcome = row.path("outcome").asString();
            if (outcome.equals("restarted") || outcome.equals("stopped")) {
                done.add(row.path("dyno").asString() + " by " + row.path("requestedBy").asString());
            }
        }
        return done;
    }

    /** Each dyno the guardian lists, with the incarnation it currently sees. */
    private static Map<String, String> incarnations(AdminClient admin) {
        Map<String, String> incarnations = new LinkedHashMap<>();
        for (JsonNode dyno : admin.getJson("/admin/apps/demo-shop/dynos")) {
            incarnations.put(dyno.path("dyno").asString(), text(dyno.path("incarnation")));
        }
        return incarnations;
    }

    private static String text(JsonNode node) {
        return node.isString() ? node.asString() : "";
    }
}
