package dev.dynoguardian.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.EndToEndTest;
import dev.dynoguardian.support.LogplexBody;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The RestartPolicy through the drain, the admin API and the stubbed Heroku API. An up line ends a restart's slot no
 * sooner than {@code guardian.policy.min-settle} (20 s) after its call, so the storm below moves the clock past that
 * before each up line; every other restart ends with its settle-time instead.
 */
@TestPropertySource(properties = {
    "guardian.app=policy-e2e",
    "guardian.policy.max-restarts-per-hour=50"
})
class RestartPolicyEndToEndTest extends EndToEndTest {

    private List<String> restarted() {
        return heroku.apiCalls(app, "DELETE").stream().map(c -> c.substring(c.lastIndexOf('/') + 1)).toList();
    }

    private static List<String> webDynos(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "web." + i).toList();
    }

    /** R14 for every dyno given, as the platform repeats it while they swap. */
    private void swapping(List<String> dynos) {
        LogplexBody body = body();
        dynos.forEach(body::r14);
        assertThat(drain().post(body)).isEqualTo(204);
    }

    @Test
    void twentyDynosSwappingAtOnceAreRestartedOneAtATimeInOrderWithNoneLost() {
        List<String> all = webDynos(1, 20);
        swapping(all);

        for (int i = 1; i <= 20; i++) {
            List<String> expected = webDynos(1, i);
            await().untilAsserted(() -> assertThat(restarted()).isEqualTo(expected));
            assertThat(status().path("inFlight")).hasSize(1);
            if (i % 2 == 1) {
                clock.advance(Duration.ofSeconds(21));
                drain().post(body().stateChanged("web." + i, "starting", "up"));
            } else {
                clock.advance(Duration.ofSeconds(61));
                swapping(webDynos(i + 1, 20));
            }
        }
        await().untilAsserted(() -> assertThat(status().path("queue")).isEmpty());
        assertThat(restarted()).isEqualTo(all);
        assertThat(heroku.hookBodies(app, "slack")).anySatisfy(b -> assertThat(b).contains("formation-wide"));
    }

    @Test
    void aQueuedRestartWhoseDynoRecoveredIsDiscardedWithAReason() {
        swapping(List.of("web.31", "web.32"));
        await().untilAsserted(() -> assertThat(restarted()).containsExactly("web.31"));

        drain().post(body().memory("web.32", "fresh-incarnation-32", 300, 512));
        clock.advance(Duration.ofSeconds(61));

        await().untilAsserted(() -> assertThat(rows("web.32")).anySatisfy(r -> {
            assertThat(r.path("outcome").asString()).isEqualTo("skipped");
            assertThat(r.path("rule").asString()).isEqualTo("evidence-gone");
            assertThat(r.path("detail").asString()).contains("no longer over its limit");
        }));
        assertThat(restarted()).containsExactly("web.31");
    }

    @Test
    void pauseBlocksRestartsAndResumeLetsQueuedWorkThrough() {
        JsonNode paused = admin().postJson("/admin/pause", "{\"reason\":\"investigating\",\"duration\":\"30m\"}");
        assertThat(paused.path("paused").asBoolean()).isTrue();
        assertThat(admin().getJson("/admin/status").path("reason").asString()).isEqualTo("investigating");

        swapping(List.of("web.41"));
        await().untilAsserted(() -> assertThat(status().path("queue")).singleElement()
                .satisfies(q -> assertThat(q.path("rule").asString()).isEqualTo("paused")));
        assertThat(restarted()).isEmpty();

        admin().postJson("/admin/resume", null);

        await().untilAsserted(() -> assertThat(restarted()).containsExactly("web.41"));
        await().untilAsserted(() -> assertThat(heroku.hookBodies(app, "webhook"))
                .anySatisfy(b -> assertThat(b).contains("\"event\":\"paused\""))
                .anySatisfy(b -> assertThat(b).contains("\"event\":\"resumed\"")));
    }

    @Test
    void aRequestQueuedTooLongIsNotifiedOnce() {
        admin().postJson("/admin/pause", "{\"reason\":\"long investigation\",\"app\":\"" + app + "\"}");
        for (int minute = 0; minute <= 11; minute++) {
            swapping(List.of("web.71"));
            clock.advance(Duration.ofMinutes(1));
        }

        await().untilAsserted(() -> assertThat(heroku.hookBodies(app, "webhook"))
                .filteredOn(b -> b.contains("\"event\":\"queued-too-long\"")).singleElement()
                .satisfies(b -> assertThat(b).contains("web.71").contains("paused")));
        admin().postJson("/admin/resume", "{\"app\":\"" + app + "\"}");
        await().untilAsserted(() -> assertThat(restarted()).containsExactly("web.71"));
    }

    @Test
    void aPauseExpiresByItself() {
        admin().postJson("/admin/pause", "{\"reason\":\"short\",\"duration\":\"5m\",\"app\":\"" + app + "\"}");
        swapping(List.of("web.51"));
        await().untilAsserted(() -> assertThat(status().path("queue")).hasSize(1));

        clock.advance(Duration.ofMinutes(5));
        swapping(List.of("web.51"));

        await().untilAsserted(() -> assertThat(restarted()).containsExactly("web.51"));
    }

    @Test
    void flappingBackOffGrowsUntilTheGuardianSaysRestartingIsNotHelping() {
        String dyno = "web.61";
        List<Duration> waits = List.of(Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(40),
                Duration.ofMinutes(80));
        for (int n = 0; n < waits.size(); n++) {
            swapping(List.of(dyno));
            int restarts = n + 1;
            await().untilAsserted(() -> assertThat(restarted()).hasSize(restarts));
            drain().post(body().stateChanged(dyno, "starting", "up"));
            clock.advance(Duration.ofMinutes(2));
            int refusals = refusals(dyno);
            swapping(List.of(dyno));
            await().untilAsserted(() -> assertThat(refusals(dyno)).isEqualTo(refusals + 1));
            clock.advance(waits.get(n).minus(Duration.ofMinutes(3)));
            swapping(List.of(dyno));
            clock.advance(Duration.ofMinutes(1));
        }
        await().untilAsserted(() -> assertThat(rows(dyno)).extracting(r -> r.path("rule").asString())
                .contains("window", "backoff"));

        swapping(List.of(dyno));

        await().untilAsserted(() -> assertThat(rows(dyno).get(0).path("rule").asString()).isEqualTo("flapping"));
        assertThat(restarted()).hasSize(4);
        await().untilAsserted(() -> assertThat(heroku.hookBodies(app, "slack"))
                .anySatisfy(b -> assertThat(b).contains("not helping")));
    }

    /** How many of the dyno's requests the window or back-off refused: each is decided before the clock moves on. */
    private int refusals(String dyno) {
        return (int) rows(dyno).stream().filter(r -> List.of("window", "backoff").contains(r.path("rule").asString()))
                .count();
    }

    @Test
    void adminRequestsAreValidatedAndErrorsAreProblemDetails() {
        var unknown = admin().post("/admin/pause", "{\"app\":\"nope\"}");
        var both = admin().post("/admin/pause", "{\"duration\":\"5m\",\"until\":\"2099-01-01T00:00:00Z\"}");
        var badDuration = admin().post("/admin/pause", "{\"duration\":\"soon\"}");
        var badJson = admin().post("/admin/pause", "{not json");
        var badLimit = admin().get("/admin/restarts?limit=0");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(List.of(both.statusCode(), badDuration.statusCode(), badJson.statusCode(), badLimit.statusCode()))
                .containsOnly(400);
        for (var response : List.of(unknown, both, badDuration, badJson, badLimit)) {
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.");
        }
        assertThat(badDuration.body()).contains("not a duration");
    }

    @Test
    void theDrainPasswordNeverOpensTheAdminApi() {
        var drainCredentials = new dev.dynoguardian.support.AdminClient(port, "admin", DRAIN_PASSWORD);
        var none = new dev.dynoguardian.support.AdminClient(port, null, null);

        assertThat(drainCredentials.get("/admin/status").statusCode()).isEqualTo(401);
        assertThat(none.get("/admin/status").statusCode()).isEqualTo(401);
        assertThat(none.post("/admin/pause", "{}").statusCode()).isEqualTo(401);
    }

    private JsonNode status() {
        return admin().getJson("/admin/status").path("apps").get(0);
    }

    private List<JsonNode> rows(String dyno) {
        List<JsonNode> rows = new ArrayList<>();
        admin().getJson("/admin/restarts?app=" + app + "&limit=500").forEach(r -> {
            if (r.path("dyno").asString().equals(dyno)) {
                rows.add(r);
            }
        });
        return rows;
    }
}
