package dev.dynoguardian.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.EndToEndTest;
import dev.dynoguardian.support.HerokuStub;
import dev.dynoguardian.support.LogplexBody;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The memory guardian through its public interfaces: real drain bodies in, the exact Heroku API calls out. web uses
 * 90 % of its quota, worker 300 MB, clock the sample's own quota.
 */
@TestPropertySource(properties = {
    "guardian.app=memory-e2e",
    "guardian.memory.dyno-types=web,worker,clock",
    "guardian.memory.thresholds[web]=90%",
    "guardian.memory.thresholds[worker]=300",
    "guardian.policy.max-in-flight=5",
    "guardian.policy.max-unavailable=1.0",
    "resilience4j.circuitbreaker.instances.heroku.sliding-window-size=1000",
    "resilience4j.circuitbreaker.instances.heroku.minimum-number-of-calls=1000"
})
class MemoryGuardianEndToEndTest extends EndToEndTest {

    /** Incarnation uuids are fresh for each test: an incarnation restarted once is never restarted again. */
    private String uuidA;
    private String uuidB;

    private Instant testStart;
    private int markersBefore;

    @BeforeEach
    void markStart() {
        testStart = clock.instant();
        markersBefore = 0;
        uuidA = UUID.randomUUID().toString();
        uuidB = UUID.randomUUID().toString();
    }

    private List<String> deletes() {
        return heroku.apiCalls(app, "DELETE");
    }

    private void awaitDeletes(String... dynos) {
        List<String> expected = java.util.Arrays.stream(dynos).map(d -> "DELETE /apps/" + app + "/dynos/" + d).toList();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deletes())
                .containsExactlyInAnyOrderElementsOf(expected));
    }

    /**
     * Posts a sample that must restart {@code clock.9}. Decisions are made in arrival order, so once it is restarted
     * everything posted before was decided: the ledger then shows exactly which dynos were acted on.
     */
    private void postMarkerAndAwait(String... expectedBefore) {
        assertThat(drain().post(body().memory("clock.9", UUID.randomUUID().toString(), 600, 512))).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(actedSinceTestStart())
                .filteredOn("clock.9"::equals).hasSize(markersBefore + 1));
        markersBefore++;
        List<String> acted = actedSinceTestStart();
        List<String> expected = new ArrayList<>(List.of(expectedBefore));
        expected.add("clock.9");
        assertThat(acted.subList(acted.size() - expected.size(), acted.size()))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Dynos the ledger says were acted on (restarted or under way) since the test began, oldest first. */
    private List<String> actedSinceTestStart() {
        List<String> acted = new ArrayList<>();
        for (JsonNode row : admin().getJson("/admin/restarts?app=" + app + "&limit=1000")) {
            String outcome = row.path("outcome").asString();
            if (Instant.parse(row.path("decidedAt").asString()).isBefore(testStart)
                    || !(outcome.equals("restarted") || outcome.equals("pending") || outcome.equals("failed"))) {
                continue;
            }
            acted.add(0, row.path("dyno").asString());
        }
        return acted;
    }

    @Test
    void anOverQuotaSampleRestartsTheDynoWithTheExactApiCall() {
        assertThat(drain().post(body().memory("clock.1", uuidA, 768, 512))).isEqualTo(204);

        awaitDeletes("clock.1");
        HerokuStub.Call call = heroku.calls(app).stream().filter(c -> c.method().equals("DELETE")).findFirst()
                .orElseThrow();
        assertThat(call.accept()).isEqualTo("application/vnd.heroku+json; version=3");
        assertThat(call.authorization()).isEqualTo("Bearer " + API_TOKEN);
    }

    @Test
    void aHealthySampleDoesNotRestart() {
        drain().post(body().memory("clock.1", uuidA, 400, 512));

        postMarkerAndAwait();
    }

    @Test
    void anUnmonitoredTypeIsNotRestarted() {
        drain().post(body().memory("scheduler_worker.1", uuidA, 900, 512).r14("other.2"));

        postMarkerAndAwait();
    }

    @Test
    void percentAndMegabyteThresholdsBothWays() {
        drain().post(body()
                .memory("web.1", uuidA, 470, 512)
                .memory("web.2", uuidB, 450, 512)
                .memory("worker.1", UUID.randomUUID().toString(), 310, 512)
                .memory("worker.2", UUID.randomUUID().toString(), 290, 512));

        postMarkerAndAwait("web.1", "worker.1");
    }

    @Test
    void oneRestartPerWindowAndALateSampleOfTheOldIncarnationNeverRestartsTheNewOne() {
        drain().post(body().memory("clock.1", uuidA, 768, 512));
        awaitDeletes("clock.1");

        clock.advance(Duration.ofMinutes(2));
        drain().post(body().memory("clock.1", uuidB, 700, 512));
        postMarkerAndAwait("clock.1");

        clock.advance(Duration.ofMinutes(10));
        drain().post(LogplexBody.at(clock.instant().minusSeconds(30)).memory("clock.1", uuidA, 768, 512));
        postMarkerAndAwait("clock.1", "clock.9");

        clock.advance(Duration.ofMinutes(11));
        drain().post(body().memory("clock.1", uuidB, 700, 512));
        awaitDeletes("clock.1", "clock.9", "clock.9", "clock.1");
    }

    @Test
    void withPrebootTheReplacedDynosSamplesAndItsR14LinesNeverRestartItsSuccessor() {
        drain().post(body().memory("clock.11", uuidA, 300, 512));
        clock.advance(Duration.ofSeconds(20));
        drain().post(body().memory("clock.11", uuidB, 250, 512));
        clock.advance(Duration.ofSeconds(20));
        drain().post(body().memory("clock.11", uuidA, 700, 512).r14("clock.11"));
        postMarkerAndAwait();

        clock.advance(Duration.ofMinutes(3));
        drain().post(body().r14("clock.11"));
        awaitDeletes("clock.9", "clock.11");
    }

    @Test
    void anR14LineAloneRestartsButR14TextFromTheAppNeverDoes() {
        drain().post(body().app("web.3", "Error R14 (Memory quota exceeded)")
                .app("web.3", "source=web.3 dyno=heroku.1.x sample#memory_total=900MB sample#memory_quota=512MB"));
        postMarkerAndAwait();

        drain().post(body().heroku("web.4", "Process running mem=594M(116.0%)").r14("web.4"));
        awaitDeletes("clock.9", "web.4");
    }

    @Test
    void oneOffDynosAreNeverRestarted() {
        drain().post(body().r14("run.1").memory("run.1", uuidA, 900, 512).r14("scheduler.3099")
                .r14("release.9811"));

        postMarkerAndAwait();
    }

    @Test
    void aServerErrorIsTriedAgainAndTheRestartRecorded() {
        AtomicInteger deletes = new AtomicInteger();
        heroku.script(app, r -> "DELETE".equals(r.getMethod()) && deletes.incrementAndGet() == 1
                ? HerokuStub.status(500) : null);

        drain().post(body().memory("clock.2", uuidA, 768, 512));

        awaitDeletes("clock.2", "clock.2");
        await().untilAsserted(() -> assertThat(latestLedger("clock.2").path("outcome").asString())
                .isEqualTo("restarted"));
    }

    @Test
    void aRestartThatKeepsFailingIsRecordedAndTheNextSampleTriesAgain() {
        heroku.script(app, r -> "DELETE".equals(r.getMethod()) ? HerokuStub.status(503) : null);
        drain().post(body().memory("clock.3", uuidA, 768, 512));
        await().untilAsserted(() -> assertThat(latestLedger("clock.3").path("outcome").asString())
                .isEqualTo("failed"));
        assertThat(deletes()).hasSize(4);

        heroku.script(app, r -> null);
        clock.advance(Duration.ofSeconds(20));
        drain().post(body().memory("clock.3", uuidA, 770, 512));
        await().untilAsserted(() -> assertThat(latestLedger("clock.3").path("outcome").asString())
                .isEqualTo("restarted"));
    }

    @Test
    void slackHearsOfEachRestartWithAppDynoTriggerAndEvidence() {
        drain().post(body().memory("clock.4", uuidA, 768, 512).r14("clock.4"));

        await().untilAsserted(() -> assertThat(heroku.hookBodies(app, "slack"))
                .anySatisfy(b -> assertThat(b).contains("memory-e2e").contains("clock.4 restarted: 768 MB of 512 MB "
                        + "quota").contains("quota")));
        await().untilAsserted(() -> assertThat(heroku.hookBodies(app, "webhook"))
                .anySatisfy(b -> assertThat(b).contains("\"event\":\"restarted\"").contains("\"dyno\":\"clock.4\"")));
    }

    @Test
    void credentialsOtherThanTheDrainPasswordGet401() {
        byte[] bytes = body().r14("web.5").bytes();
        HttpResponse<String> none = drain().send(bytes, 1, "f1", null);
        HttpResponse<String> wrong = drain().send(bytes, 1, "f2", "Basic "
                + java.util.Base64.getEncoder().encodeToString("logplex:nope".getBytes()));
        HttpResponse<String> admin = drain().send(bytes, 1, "f3", "Basic "
                + java.util.Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes()));

        assertThat(List.of(none.statusCode(), wrong.statusCode(), admin.statusCode())).containsOnly(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"drain\"");
        postMarkerAndAwait();
    }

    @Test
    void anOversizedBodyGets413() {
        byte[] huge = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(huge, (byte) 'x');

        HttpResponse<String> response = drain().send(huge, 1, "big", "Basic " + java.util.Base64.getEncoder()
                .encodeToString(("logplex:" + DRAIN_PASSWORD).getBytes()));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).doesNotContain("Exception").contains("max-body-size");
    }

    @Test
    void aCorruptFrameBetweenTwoValidOnesStillProcessesTheValidOnes() {
        drain().post(body().memory("clock.5", uuidA, 768, 512)
                .garbage("12345 <13>1 garbage that claims far more bytes than it has\n")
                .memory("clock.6", uuidB, 768, 512));

        awaitDeletes("clock.5", "clock.6");
    }

    @Test
    void garbageNeverGetsA5xxOrAStackTrace() {
        HttpResponse<String> response = drain().send("\u0000\u00ff junk 99999999999 <<<>>>".getBytes(), 1, "g",
                "Basic " + java.util.Base64.getEncoder().encodeToString(("x:" + DRAIN_PASSWORD).getBytes()));

        assertThat(response.statusCode()).isEqualTo(204);
    }

    @Test
    void aRedeliveredBatchIsProcessedOnce() {
        byte[] bytes = body().r14("clock.7").bytes();
        double before = duplicates();

        assertThat(drain().post(bytes, 1, "SAME-FRAME-ID")).isEqualTo(204);
        assertThat(drain().post(bytes, 1, "SAME-FRAME-ID")).isEqualTo(204);

        assertThat(duplicates()).isEqualTo(before + 1);
        postMarkerAndAwait("clock.7");
    }

    private double duplicates() {
        HttpResponse<String> response = admin().get("/actuator/metrics/guardian.drain.requests?tag=app:" + app
                + "&tag=result:duplicate");
        if (response.statusCode() == 404) {
            return 0;
        }
        return dev.dynoguardian.support.AdminClient.parse(response.body()).path("measurements").get(0).path("value")
                .asDouble();
    }

    @Test
    void healthAnswersWithoutCredentialsWithStatusOnly() {
        JsonNode health = AdminClientWithoutCredentials.health(port);

        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.has("components")).isFalse();
    }

    private JsonNode latestLedger(String dyno) {
        for (JsonNode row : admin().getJson("/admin/restarts?app=" + app + "&limit=100")) {
            if (row.path("dyno").asString().equals(dyno) && !"queued".equals(row.path("outcome").asString())) {
                return row;
            }
        }
        return tools.jackson.databind.node.MissingNode.getInstance();
    }

    private static final class AdminClientWithoutCredentials {
        static JsonNode health(int port) {
            return dev.dynoguardian.support.AdminClient.parse(
                    new dev.dynoguardian.support.AdminClient(port, null, null).get("/actuator/health").body());
        }
    }
}
