package dev.dynoguardian.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.EndToEndTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /admin/apps/{app}/history} through HTTP: samples per dyno incarnation from real drain lines, the restart
 * marked on its dyno, the restarted dyno waiting for its new incarnation's first sample, pause periods from the
 * database, the formation's median, and problem+json for what it refuses.
 */
@TestPropertySource(properties = {
    "guardian.app=history-e2e",
    "guardian.history.sample-interval=100ms",
    "guardian.policy.max-in-flight=5",
    "guardian.policy.max-unavailable=1.0"
})
class HistoryEndToEndTest extends EndToEndTest {

    @Test
    void samplesActionsAndPausesOfTheLastHourPerDynoIncarnation() {
        String old = UUID.randomUUID().toString();
        drain().post(body().memory("web.1", UUID.randomUUID().toString(), 300, 512)
                .memory("web.2", old, 450, 512).memory("web.3", UUID.randomUUID().toString(), 310, 512)
                .router("web.1", 100, 200).router("web.2", 300, 200).router("web.3", 120, 200));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(history(60).path("dynos")
                .findValuesAsString("dyno")).containsExactly("web.1", "web.2", "web.3"));
        clock.advance(Duration.ofSeconds(30));
        admin().postJson("/admin/apps/" + app + "/pause", "{\"reason\": \"deploying\"}");
        clock.advance(Duration.ofSeconds(30));
        admin().postJson("/admin/apps/" + app + "/resume", "{}");

        drain().post(body().memory("web.2", old, 600, 512).r14("web.2"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(history(60).path("actions")
                .findValuesAsString("outcome")).containsExactly("restarted"));
        JsonNode h = history(60);
        JsonNode mark = h.path("actions").get(0);
        assertThat(mark.path("dyno").asString()).isEqualTo("web.2");
        assertThat(mark.path("action").asString()).isEqualTo("restart");
        assertThat(dyno(h, "web.2").path("waitingSince").asString()).isEqualTo(mark.path("at").asString());
        assertThat(dyno(h, "web.1").path("waitingSince").isNull()).isTrue();
        JsonNode web2Status = dynoStatus("web.2");
        assertThat(web2Status.path("waitingForFirstSample").asBoolean()).as("the predecessor's bar is not shown").isTrue();
        assertThat(web2Status.path("memory").isNull()).isTrue();
        assertThat(dynoStatus("web.1").path("waitingForFirstSample").asBoolean()).isFalse();
        JsonNode point = dyno(h, "web.2").path("incarnations").get(0).path("points").get(0);
        assertThat(point.get(0).asLong()).isPositive();
        assertThat(point.get(1).asDouble()).isEqualTo(450.0);
        assertThat(dyno(h, "web.2").path("incarnations").get(0).path("quotaMb").asDouble()).isEqualTo(512.0);
        JsonNode pause = h.path("pauses").get(0);
        assertThat(pause.path("scope").asString()).isEqualTo("app");
        assertThat(pause.path("reason").asString()).isEqualTo("deploying");
        assertThat(pause.path("to").isNull()).isFalse();
        assertThat(h.path("medians").findValuesAsString("type")).containsExactly("web");

        clock.advance(Duration.ofSeconds(30));
        drain().post(body().memory("web.2", UUID.randomUUID().toString(), 200, 512));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode web2 = dyno(history(15), "web.2");
            assertThat(web2.path("incarnations")).hasSize(2);
            assertThat(web2.path("waitingSince").isNull()).isTrue();
        });
        assertThat(dynoStatus("web.2").path("waitingForFirstSample").asBoolean()).isFalse();
        assertThat(dynoStatus("web.2").path("memory").path("totalMb").asDouble()).isEqualTo(200.0);
    }

    @Test
    void refusesOtherSpansUnknownAppsAndStrangers() {
        for (String minutes : List.of("7", "0", "-15", "abc", "100000000000")) {
            HttpResponse<String> refused = admin().get("/admin/apps/" + app + "/history?minutes=" + minutes);
            assertThat(refused.statusCode()).as(minutes).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                    .startsWith("application/problem+json"));
        }
        HttpResponse<String> unknown = admin().get("/admin/apps/not-watched/history?minutes=60");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/problem+json"));
        assertThat(new AdminClient(port, null, null).get("/admin/apps/" + app + "/history").statusCode())
                .isEqualTo(401);
        assertThat(admin().get("/admin/apps/" + app + "/history").statusCode()).isEqualTo(200);
        assertThat(admin().getJson("/v3/api-docs").path("paths").has("/admin/apps/{app}/history")).isTrue();
    }

    private JsonNode dynoStatus(String name) {
        for (JsonNode d : admin().getJson("/admin/apps/" + app + "/dynos")) {
            if (d.path("dyno").asString().equals(name)) {
                return d;
            }
        }
        throw new AssertionError(name + " not listed");
    }

    private JsonNode history(int minutes) {
        return admin().getJson("/admin/apps/" + app + "/history?minutes=" + minutes);
    }

    private static JsonNode dyno(JsonNode history, String name) {
        List<JsonNode> found = new ArrayList<>();
        history.path("dynos").forEach(d -> {
            if (d.path("dyno").asString().equals(name)) {
                found.add(d);
            }
        });
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }
}
