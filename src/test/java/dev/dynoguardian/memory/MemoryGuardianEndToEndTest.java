package dev.dynoguardian.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.DrainClient;
import dev.dynoguardian.support.EndToEndTest;
import dev.dynoguardian.support.HerokuStub;
import dev.dynoguardian.support.LogplexBody;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The memory guardian through its public interfaces: real drain bodies in, the exact Heroku API calls out. web uses
 * 90 % of its quota, worker 300 MB, clock the sample's own quota; the one-off types are listed as monitored too, and
 * are still never restarted. A second app ({@value #OTHER_APP}) has a drain of its own.
 */
@TestPropertySource(properties = {
    "guardian.app=memory-e2e",
    "guardian.apps[0].name=" + MemoryGuardianEndToEndTest.OTHER_APP,
    "guardian.apps[0].drain.password=" + MemoryGuardianEndToEndTest.OTHER_DRAIN_PASSWORD,
    "guardian.memory.dyno-types=web,worker,clock,run,scheduler,release",
    "guardian.memory.thresholds[web]=90%",
    "guardian.memory.thresholds[worker]=300",
    "guardian.policy.max-in-flight=5",
    "guardian.policy.max-unavailable=1.0",
    "resilience4j.circuitbreaker.instances.heroku.sliding-window-size=1000",
    "resilience4j.circuitbreaker.instances.heroku.minimum-number-of-calls=1000"
})
class MemoryGuardianEndToEndTest extends EndToEndTest {

    static final String OTHER_APP = "memory-e2e-other";
    static final String OTHER_DRAIN_PASSWORD = "other-drain-secret";

    /** Outcomes of decisions that call the API. */
    private static final List<String> ACTED = List.of("restarted", "pending", "failed");

    /** Incarnation uuids are fresh for each test: an incarnation restarted once is never restarted again. */
    private String uuidA;
    private String uuidB;

    private Instant testStart;
    private int markers;
    private int callsChecked;

    @BeforeEach
    void markStart() {
        testStart = clock.instant();
        markers = 0;
        callsChecked = 0;
        uuidA = UUID.randomUUID().toString();
        uuidB = UUID.randomUUID().toString();
    }

    private List<String> deletes() {
        return heroku.apiCalls(app, "DELETE");
    }

    /**
     * Every Platform API call that acted on a dyno for the app since the test began, as {@code "DELETE /apps/..."}
     * (the listings of the app's dynos, which only read, are not among them).
     */
    private List<String> apiCalls() {
        return heroku.actions(app);
    }

    private List<String> restartCalls(String... dynos) {
        return Arrays.stream(dynos).map(d -> "DELETE /apps/" + app + "/dynos/" + d).toList();
    }

    private void awaitDeletes(String... dynos) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(apiCalls())
                .containsExactlyInAnyOrderElementsOf(restartCalls(dynos)));
        callsChecked = apiCalls().size();
    }

    /**
     * Proves what the guardian did, and did not do, with what was posted before: posts a sample that must restart
     * {@code clock.9}. Decisions are made in arrival order, so once the marker is decided everything posted before it
     * was decided too, and once no action is under way any more the stub has seen every API call they made. The API
     * calls since the previous check must then be exactly the restarts of {@code restarted} and the marker's.
     */
    private void postMarkerAndAwait(String... restarted) {
        assertThat(drain().post(body().memory("clock.9", UUID.randomUUID().toString(), 600, 512))).isEqualTo(204);
        markers++;
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ledgerSinceTestStart())
                .filteredOn(r -> r.path("dyno").asString().equals("clock.9") && ACTED.contains(outcome(r)))
                .hasSize(markers));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ledgerSinceTestStart())
                .noneMatch(r -> outcome(r).equals("pending")));
        List<String> calls = apiCalls();
        List<String> expected = new ArrayList<>(restartCalls(restarted));
        expected.addAll(restartCalls("clock.9"));
        assertThat(calls.subList(callsChecked, calls.size())).containsExactlyInAnyOrderElementsOf(expected);
        callsChecked = calls.size();
    }

    private static String outcome(JsonNode row) {
        return row.path("outcome").asString();
    }

    /** The ledger rows of decisions made since the test began, newest first. */
    private List<JsonNode> ledgerSinceTestStart() {
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode row : admin().getJson("/admin/restarts?app=" + app + "&limit=1000")) {
            if (!Instant.parse(row.path("decidedAt").asString()).isBefore(testStart)) {
                rows.add(row);
            }
        }
        return rows;
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
        postMarkerAndAwait();

        clock.advance(Duration.ofMinutes(10));
        drain().post(LogplexBody.at(clock.instant().minusSeconds(30)).memory("clock.1", uuidA, 768, 512));
        postMarkerAndAwait();

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
    void oneOffDynosAreNeverRestartedEvenWhenTheirTypesAreListedAsMonitored() {
        drain().post(body().r14("run.1").memory("run.1", uuidA, 900, 512)
                .r14("scheduler.3099").memory("scheduler.3099", uuidB, 900, 512)
                .r14("release.9811").memory("release.9811", UUID.randomUUID().toString(), 900, 512));

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
        drain().post(body().memory("clock.4", uuidA, 500, 512).r14("clock.4"));
        drain().post(body().memory("web.6", uuidB, 470, 512));
        drain().post(body().memory("worker.4", UUID.randomUUID().toString(), 310.4, 512));

        await().untilAsserted(() -> assertThat(heroku.hookBodies(app, "slack")).hasSize(3));
        List<JsonNode> messages = heroku.hookBodies(app, "slack").stream().map(AdminClient::parse).toList();
        assertThat(messages).allSatisfy(m -> assertThat(m.propertyNames()).containsExactly("text"));
        assertThat(messages).extracting(m -> m.path("text").asString()).containsExactlyInAnyOrder(
                "memory-e2e: clock.4 restarted: 500 MB of 512 MB quota (R14)",
                "memory-e2e: web.6 restarted: 470 MB of 512 MB quota (over threshold 90%)",
                "memory-e2e: worker.4 restarted: 310 MB of 512 MB quota (over threshold 300 MB)");
        await().untilAsserted(() -> assertThat(heroku.hookBodies(app, "webhook"))
                .anySatisfy(b -> assertThat(b).contains("\"event\":\"restarted\"").contains("\"dyno\":\"clock.4\"")));
    }

    @Test
    void aMemoryRestartIsRecordedInTheLedgerWithItsDynoIdTriggerEvidenceAndOutcome() {
        drain().post(body().memory("web.7", uuidA, 470, 512));
        drain().post(body().memory("clock.8", uuidB, 500, 512).r14("clock.8"));

        await().untilAsserted(() -> assertThat(List.of(latestLedger("web.7"), latestLedger("clock.8")))
                .extracting(MemoryGuardianEndToEndTest::outcome).containsOnly("restarted"));
        assertRestartRow(latestLedger("web.7"), "web.7", uuidA, "over threshold 90%", "470 MB of 512 MB quota");
        assertRestartRow(latestLedger("clock.8"), "clock.8", uuidB, "R14", "500 MB of 512 MB quota");
    }

    private void assertRestartRow(JsonNode row, String dyno, String dynoId, String reason, String evidence) {
        assertThat(row.path("app").asString()).isEqualTo(app);
        assertThat(row.path("dyno").asString()).isEqualTo(dyno);
        assertThat(row.path("dynoId").asString()).isEqualTo(dynoId);
        assertThat(row.path("requestedBy").asString()).isEqualTo("memory");
        assertThat(row.path("action").asString()).isEqualTo("restart");
        assertThat(row.path("reason").asString()).isEqualTo(reason);
        assertThat(row.path("evidence").asString()).isEqualTo(evidence);
        assertThat(row.path("rule").asString()).isEqualTo("allowed");
        assertThat(row.path("outcome").asString()).isEqualTo("restarted");
        assertThat(Instant.parse(row.path("decidedAt").asString())).isEqualTo(clock.instant());
        assertThat(Instant.parse(row.path("completedAt").asString())).isEqualTo(clock.instant());
    }

    @Test
    void eachAppForgetsItsOwnSilentDynos() {
        heroku.reset(OTHER_APP);
        DrainClient other = new DrainClient(port, "/logs/" + OTHER_APP, OTHER_DRAIN_PASSWORD);
        LogplexBody fourHealthy = body();
        for (int i = 1; i <= 4; i++) {
            fourHealthy.memory("web." + i, UUID.randomUUID().toString(), 300, 512);
        }
        assertThat(other.post(fourHealthy)).isEqualTo(204);

        clock.advance(Duration.ofMinutes(31));
        assertThat(drain().post(body().memory("worker.3", uuidA, 100, 512))).isEqualTo(204);
        assertThat(other.post(body().memory("web.5", uuidA, 600, 512).memory("web.6", uuidB, 600, 512)))
                .isEqualTo(204);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ledger(OTHER_APP))
                .filteredOn(r -> r.path("dyno").asString().equals("web.6"))
                .extracting(r -> r.path("evidence").asString())
                .contains("600 MB of 512 MB quota; 2 of 2 web dynos over their limit"));
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
        return AdminClient.parse(response.body()).path("measurements").get(0).path("value")
                .asDouble();
    }

    @Test
    void healthAnswersWithoutCredentialsWithStatusOnly() {
        JsonNode health = AdminClientWithoutCredentials.health(port);

        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.has("components")).isFalse();
    }

    private List<JsonNode> ledger(String ofApp) {
        List<JsonNode> rows = new ArrayList<>();
        admin().getJson("/admin/restarts?app=" + ofApp + "&limit=100").forEach(rows::add);
        return rows;
    }

    private JsonNode latestLedger(String dyno) {
        for (JsonNode row : ledger(app)) {
            if (row.path("dyno").asString().equals(dyno) && !"queued".equals(row.path("outcome").asString())) {
                return row;
            }
        }
        return tools.jackson.databind.node.MissingNode.getInstance();
    }

    private static final class AdminClientWithoutCredentials {
        static JsonNode health(int port) {
            return AdminClient.parse(
                    new AdminClient(port, null, null).get("/actuator/health").body());
        }
    }
}
