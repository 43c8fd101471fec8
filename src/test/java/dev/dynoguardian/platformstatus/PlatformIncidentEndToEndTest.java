package dev.dynoguardian.platformstatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.EndToEndTest;
import dev.dynoguardian.support.GuardianRunner;
import dev.dynoguardian.support.HerokuStub;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Heroku's status API, stubbed over HTTP: a red Apps system holds an R14 restart (queued with rule
 * {@code platform-incident}, notified once, let through when green again) but not an operator's; green changes
 * nothing; an unreachable status API changes nothing either and says so in the health details. What the status API
 * answers is hostile input too.
 */
@TestPropertySource(properties = {
    "guardian.app=platform-e2e",
    "guardian.platform-status.interval=200ms",
    "guardian.platform-status.timeout=500ms",
    "guardian.policy.max-in-flight=5",
    "guardian.policy.max-unavailable=1.0",
    "resilience4j.circuitbreaker.instances.platform-status.minimum-number-of-calls=1000",
    "resilience4j.circuitbreaker.instances.platform-status.sliding-window-size=1000"
})
class PlatformIncidentEndToEndTest extends EndToEndTest {

    private Instant testStart;

    @BeforeEach
    void green() {
        testStart = clock.instant();
        awaitHold(null);
    }

    @Test
    void aRedAppsSystemHoldsAnR14RestartUntilItIsGreenAgainButNotAnOperatorsRestart() {
        heroku.platformStatus(app, HerokuStub.platformStatusJson("red", "Increased error rates on dynos"));
        awaitHold("red");
        JsonNode platform = admin().getJson("/admin/status").path("platform");
        assertThat(platform.path("hold").path("title").asString()).isEqualTo("Increased error rates on dynos");
        assertThat(platform.path("hold").path("link").asString()).isEqualTo("https://status.heroku.com/incidents/1");

        drain().post(body().memory("web.1", UUID.randomUUID().toString(), 600, 512).r14("web.1"));
        drain().post(body().memory("web.2", UUID.randomUUID().toString(), 600, 512).r14("web.2"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ledger())
                .filteredOn(r -> r.path("outcome").asString().equals("queued"))
                .extracting(r -> r.path("dyno").asString() + " " + r.path("rule").asString())
                .containsExactlyInAnyOrder("web.1 platform-incident", "web.2 platform-incident"));
        assertThat(admin().getJson("/admin/apps/" + app + "/status").path("queue").findValuesAsString("rule"))
                .containsOnly("platform-incident");

        java.net.http.HttpResponse<String> operator = admin().post("/admin/apps/" + app + "/dynos/web.3/restart",
                "{\"reason\": \"operator knows best\"}");
        assertThat(operator.statusCode()).isEqualTo(202);
        assertThat(AdminClient.parse(operator.body()).path("outcome").asString()).isEqualTo("pending");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heroku.apiCalls(app, "DELETE"))
                .containsExactly("DELETE /apps/" + app + "/dynos/web.3"));

        heroku.platformStatus(app, HerokuStub.platformStatusJson("green", null));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heroku.apiCalls(app, "DELETE"))
                .containsExactlyInAnyOrder("DELETE /apps/" + app + "/dynos/web.3", "DELETE /apps/" + app
                        + "/dynos/web.1", "DELETE /apps/" + app + "/dynos/web.2"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events())
                .containsExactly("platform-incident", "platform-recovered"));
        assertThat(heroku.hookBodies(app, "slack")).filteredOn(b -> b.contains("Heroku reports Apps red"))
                .hasSize(1);
    }

    @Test
    void aGreenAppsSystemLetsAnR14RestartThrough() {
        drain().post(body().memory("web.4", UUID.randomUUID().toString(), 600, 512).r14("web.4"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heroku.apiCalls(app, "DELETE"))
                .containsExactly("DELETE /apps/" + app + "/dynos/web.4"));
        assertThat(events()).isEmpty();
    }

    @Test
    void aYellowAppsSystemHoldsNothingUnderTheDefaultHoldOnRed() {
        heroku.platformStatus(app, HerokuStub.platformStatusJson("yellow", "Degraded builds"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(health().path("systems").path("Apps")
                .asString()).isEqualTo("yellow"));
        drain().post(body().memory("web.5", UUID.randomUUID().toString(), 600, 512).r14("web.5"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heroku.apiCalls(app, "DELETE"))
                .containsExactly("DELETE /apps/" + app + "/dynos/web.5"));
    }

    @Test
    void anUnreachableStatusApiChangesNothingAndTheHealthDetailsSaySo() {
        heroku.platformStatus(app, request -> HerokuStub.status(503));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode details = health();
            assertThat(details.path("statusApi").asString()).isEqualTo("unreachable");
            assertThat(details.path("error").asString()).contains("503").contains("acting as usual");
        });
        drain().post(body().memory("web.6", UUID.randomUUID().toString(), 600, 512).r14("web.6"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heroku.apiCalls(app, "DELETE"))
                .containsExactly("DELETE /apps/" + app + "/dynos/web.6"));
        assertThat(events()).isEmpty();
    }

    /** A slow, huge, nested or forged answer is a failed poll, never a hold; forged text comes out inert. */
    @Test
    void aHostileStatusAnswerIsBoundedAndItsTextInert() {
        heroku.platformStatus(app, request -> new MockResponse.Builder().code(200)
                .body("{\"status\":[{\"system\":\"Apps\",\"status\":\"red\"}],\"x\":\"" + "a".repeat(300_000) + "\"}")
                .build());
        awaitUnreachable("larger than");
        heroku.platformStatus(app, request -> new MockResponse.Builder().code(200)
                .body("[".repeat(5000) + "]".repeat(5000)).build());
        awaitUnreachable("");
        heroku.platformStatus(app, request -> new MockResponse.Builder().code(200)
                .headersDelay(2, java.util.concurrent.TimeUnit.SECONDS).body(HerokuStub.platformStatusJson("red", "x"))
                .build());
        awaitUnreachable("within");
        heroku.platformStatus(app, HerokuStub.platformStatusJson("red", "<script>alert(1)</script>\\u0000\\n"
                + "x".repeat(500)).replace("https://status.heroku.com/incidents/1", "javascript:alert(1)"));
        awaitHold("red");
        JsonNode hold = admin().getJson("/admin/status").path("platform").path("hold");
        assertThat(hold.path("title").asString()).startsWith("<script>alert(1)</script>").doesNotContain("\n")
                .doesNotContain("\u0000").hasSize(200);
        assertThat(hold.path("link").isNull()).isTrue();
        heroku.platformStatus(app, HerokuStub.platformStatusJson("green", null));
        awaitHold(null);
    }

    @Test
    void aHoldOnThatIsNeitherRedNorYellowFailsAtStartUpNamingTheSetting() {
        Map<String, Object> settings = GuardianRunner.baseSettings();
        settings.put("guardian.platform-status.hold-on", "orange");
        assertThatThrownBy(() -> GuardianRunner.start(Map.of("APP_ID_OR_NAME", "shop", "AUTH_TOKEN", "t",
                "DRAIN_PASSWORD", "p"), settings))
                .hasStackTraceContaining("guardian.platform-status.hold-on must be red or yellow, not 'orange'");
        settings.put("guardian.platform-status.hold-on", "red");
        settings.put("guardian.platform-status.url", "file:///etc/passwd");
        assertThatThrownBy(() -> GuardianRunner.start(Map.of("APP_ID_OR_NAME", "shop", "AUTH_TOKEN", "t",
                "DRAIN_PASSWORD", "p"), settings))
                .hasStackTraceContaining("guardian.platform-status.url must be an http(s) URL");
    }

    private void awaitHold(String level) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode platform = admin().getJson("/admin/status").path("platform");
            assertThat(platform.path("state").asString()).isEqualTo("reachable");
            if (level == null) {
                assertThat(platform.path("hold").isNull()).isTrue();
            } else {
                assertThat(platform.path("hold").path("level").asString()).isEqualTo(level);
            }
        });
    }

    private void awaitUnreachable(String error) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode platform = admin().getJson("/admin/status").path("platform");
            assertThat(platform.path("state").asString()).isEqualTo("unreachable");
            assertThat(platform.path("hold").isNull()).isTrue();
            assertThat(platform.path("error").asString()).contains(error);
        });
    }

    private JsonNode health() {
        return AdminClient.parse(admin().get("/actuator/health").body()).path("components").path("platformStatus")
                .path("details");
    }

    /** The platform events the webhook received since the test began. */
    private List<String> events() {
        List<String> events = new ArrayList<>();
        for (String body : heroku.hookBodies(app, "webhook")) {
            JsonNode n = AdminClient.parse(body);
            if (n.path("event").asString().startsWith("platform-")
                    && !Instant.parse(n.path("at").asString()).isBefore(testStart)) {
                events.add(n.path("event").asString());
            }
        }
        return events;
    }

    private List<JsonNode> ledger() {
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode row : admin().getJson("/admin/restarts?app=" + app + "&limit=200")) {
            if (!Instant.parse(row.path("decidedAt").asString()).isBefore(testStart)) {
                rows.add(row);
            }
        }
        return rows;
    }
}
