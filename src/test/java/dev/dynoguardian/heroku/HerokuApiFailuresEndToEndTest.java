package dev.dynoguardian.heroku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.EndToEndTest;
import dev.dynoguardian.support.HerokuStub;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The Heroku API used politely: with it answering 500, 429 or timing out, the number of calls stays bounded, and the
 * restarts complete once it recovers.
 */
@TestPropertySource(properties = {
    "guardian.app=api-failures-e2e",
    "guardian.policy.max-in-flight=10",
    "guardian.policy.max-unavailable=1.0",
    "guardian.policy.max-restarts-per-hour=100",
    "resilience4j.circuitbreaker.instances.heroku.wait-duration-in-open-state=2s",
    "guardian.heroku.retry-after=5s",
    "guardian.heroku.max-wait=2s",
    "resilience4j.ratelimiter.instances.heroku.limit-for-period=" + HerokuApiFailuresEndToEndTest.LIMIT
})
class HerokuApiFailuresEndToEndTest extends EndToEndTest {

    /**
     * The rate limiter's calls per 10 s: the tests of this class share one guardian, and with the default 10 the calls
     * of one test would eat the next one's permits and bound its calls by the limiter instead of the rule under test.
     */
    static final int LIMIT = 100;

    @Autowired
    private CircuitBreakerRegistry breakers;

    @BeforeEach
    void closeTheBreaker() {
        breakers.circuitBreaker("heroku").reset();
    }

    private int deletes() {
        return heroku.apiCalls(app, "DELETE").size();
    }

    /** Sends R14 for the dynos every "20 seconds", as the platform does while they swap, for {@code rounds} rounds. */
    private void swapFor(int rounds, String... dynos) throws InterruptedException {
        for (int i = 0; i < rounds; i++) {
            var body = body();
            for (String d : dynos) {
                body.r14(d);
            }
            drain().post(body);
            clock.advance(Duration.ofSeconds(20));
            Thread.sleep(100);
        }
    }

    @Test
    void serverErrorsOpenTheCircuitSoCallsStayBoundedAndRestartsCompleteAfterRecovery() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        heroku.script(app, r -> down.get() && "DELETE".equals(r.getMethod()) ? HerokuStub.status(500) : null);

        swapFor(15, "web.1", "web.2", "web.3");

        int whileDown = deletes();
        assertThat(whileDown).as("calls while the API fails").isBetween(5, 12);
        assertThat(ledgerRules()).contains("circuit-open");
        await().untilAsserted(() -> assertThat(heroku.hookBodies(app, "webhook"))
                .anySatisfy(b -> assertThat(b).contains("\"event\":\"circuit-open\"")));

        down.set(false);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(restartedDynos())
                .filteredOn(d -> d.matches("web\\.[123]")).containsExactlyInAnyOrder("web.1", "web.2", "web.3"));
        assertThat(ledgerRules()).doesNotContain("evidence-gone");
    }

    @Test
    void aTooManyRequestsAnswerIsWaitedOutAndRetried() {
        AtomicInteger calls = new AtomicInteger();
        heroku.script(app, r -> "DELETE".equals(r.getMethod()) && calls.incrementAndGet() == 1
                ? new MockResponse.Builder().code(429).setHeader("Retry-After", "1").setHeader("RateLimit-Remaining", "0")
                        .body("{\"id\":\"rate_limit\",\"message\":\"Your account reached the API rate limit\"}").build()
                : null);

        drain().post(body().r14("web.11"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(restartedDynos())
                .contains("web.11"));
        List<HerokuStub.Call> deletes = deleteCalls();
        assertThat(deletes).hasSize(2);
        assertThat(Duration.between(deletes.get(0).at(), deletes.get(1).at())).as("wait before the retry")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aTooManyRequestsAnswerWithoutRetryAfterQueuesTheRestartUntilTheHoldEnds() {
        AtomicInteger calls = new AtomicInteger();
        heroku.script(app, r -> "DELETE".equals(r.getMethod()) && calls.incrementAndGet() == 1
                ? HerokuStub.status(429) : null);

        drain().post(body().r14("web.12"));

        await().untilAsserted(() -> assertThat(ledgerOutcomes("web.12")).containsExactly("queued"));
        assertThat(ledgerRules()).contains("rate-limited");
        drain().post(body().r14("web.13"));
        await().untilAsserted(() -> assertThat(ledgerOutcomes("web.13")).containsExactly("queued"));
        assertThat(deletes()).as("nothing is sent during the hold").isEqualTo(1);

        clock.advance(Duration.ofSeconds(6));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(restartedDynos())
                .containsExactlyInAnyOrder("web.12", "web.13"));
        assertThat(deletes()).isEqualTo(3);
        assertThat(ledgerOutcomes("web.12")).doesNotContain("failed");
    }

    @Test
    void aLowRateLimitRemainingSlowsTheRateLimiterUntilItRecovers() {
        AtomicBoolean low = new AtomicBoolean(true);
        heroku.script(app, r -> low.get() && "DELETE".equals(r.getMethod())
                ? new MockResponse.Builder().code(202).setHeader("RateLimit-Remaining", "20").build() : null);

        drain().post(body().r14("web.41"));

        await().untilAsserted(() -> assertThat(herokuHealth().path("rateLimitPerPeriod").asInt()).isEqualTo(1));
        assertThat(herokuHealth().path("rateLimitRemaining").asInt()).isEqualTo(20);

        low.set(false);
        drain().post(body().r14("web.42"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(herokuHealth()
                .path("rateLimitPerPeriod").asInt()).isEqualTo(LIMIT));
    }

    @Test
    void aStopIsNeverRetriedOnServerErrorsOrTimeoutsWhileARestartIs() {
        AtomicInteger deleteCalls = new AtomicInteger();
        heroku.script(app, r -> {
            if ("POST".equals(r.getMethod()) && r.getTarget().endsWith("/web.51/actions/stop")) {
                return HerokuStub.status(500);
            }
            if ("POST".equals(r.getMethod()) && r.getTarget().endsWith("/web.52/actions/stop")) {
                return new MockResponse.Builder().code(202).headersDelay(3, TimeUnit.SECONDS).build();
            }
            return "DELETE".equals(r.getMethod()) && deleteCalls.incrementAndGet() == 1 ? HerokuStub.status(500) : null;
        });

        for (String dyno : List.of("web.51", "web.52")) {
            assertThat(admin().post("/admin/apps/" + app + "/dynos/" + dyno + "/restart",
                    "{\"reason\":\"stuck\",\"action\":\"stop\"}").statusCode()).isEqualTo(202);
        }
        assertThat(admin().post("/admin/apps/" + app + "/dynos/web.53/restart", "{\"reason\":\"stuck\"}")
                .statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(ledgerOutcomes("web.51")).first().isEqualTo("failed");
            assertThat(ledgerOutcomes("web.52")).first().isEqualTo("failed");
            assertThat(ledgerOutcomes("web.53")).contains("restarted").doesNotContain("failed");
        });
        assertThat(heroku.apiCalls(app, "POST")).containsExactlyInAnyOrder(
                "POST /apps/" + app + "/dynos/web.51/actions/stop", "POST /apps/" + app + "/dynos/web.52/actions/stop");
        assertThat(deletes()).as("the restart was retried after its 500").isEqualTo(2);
    }

    private JsonNode herokuHealth() {
        return AdminClient.parse(admin().get("/actuator/health").body()).path("components").path("herokuApi")
                .path("details");
    }

    private List<HerokuStub.Call> deleteCalls() {
        return heroku.calls(app).stream().filter(c -> "DELETE".equals(c.method())).toList();
    }

    @Test
    void timeoutsAreRetriedABoundedNumberOfTimesAndTheRestartCompletesAfterRecovery() throws Exception {
        AtomicBoolean slow = new AtomicBoolean(true);
        heroku.script(app, r -> slow.get() && "DELETE".equals(r.getMethod())
                ? new MockResponse.Builder().code(202).headersDelay(3, TimeUnit.SECONDS).build() : null);

        drain().post(body().r14("web.21"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ledgerOutcomes("web.21"))
                .contains("failed"));
        assertThat(deletes()).isEqualTo(4);

        slow.set(false);
        swapFor(2, "web.21");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(restartedDynos()).contains("web.21"));
        assertThat(deletes()).isLessThanOrEqualTo(6);
    }

    private List<String> ledgerRules() {
        List<String> rules = new ArrayList<>();
        admin().getJson("/admin/restarts?app=" + app + "&limit=500").forEach(r -> rules.add(r.path("rule").asString()));
        return rules;
    }

    @Test
    void answersSuchAs404AreFinalAndNeverOpenTheCircuit() {
        heroku.script(app, r -> "DELETE".equals(r.getMethod()) ? HerokuStub.status(404) : null);

        for (int i = 71; i <= 78; i++) {
            assertThat(admin().post("/admin/apps/" + app + "/dynos/web." + i + "/restart", "{\"reason\":\"gone?\"}")
                    .statusCode()).isEqualTo(202);
        }

        await().untilAsserted(() -> assertThat(ledgerOutcomes("web.78")).contains("failed"));
        assertThat(deletes()).isEqualTo(8);
        assertThat(breakers.circuitBreaker("heroku").getState().name()).isEqualTo("CLOSED");
        assertThat(admin().getJson("/admin/restarts?app=" + app + "&limit=1").get(0).path("detail").asString())
                .contains("HTTP 404");
    }

    private List<String> ledgerOutcomes(String dyno) {
        List<String> outcomes = new ArrayList<>();
        admin().getJson("/admin/restarts?app=" + app + "&limit=500").forEach(r -> {
            if (r.path("dyno").asString().equals(dyno)) {
                outcomes.add(r.path("outcome").asString());
            }
        });
        return outcomes;
    }

    private List<String> restartedDynos() {
        List<String> dynos = new ArrayList<>();
        admin().getJson("/admin/restarts?app=" + app + "&limit=500").forEach(r -> {
            if (r.path("outcome").asString().equals("restarted")) {
                dynos.add(r.path("dyno").asString());
            }
        });
        return dynos;
    }
}
