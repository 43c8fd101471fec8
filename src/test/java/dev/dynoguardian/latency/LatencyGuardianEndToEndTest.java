package dev.dynoguardian.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.EndToEndTest;
import dev.dynoguardian.support.LogplexBody;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The latency guardian through the drain's router lines, the platform's dyno list and the stubbed Heroku API: the
 * slow dyno and only it is acted on; nothing happens on a healthy formation, during a deploy, when the whole
 * formation is slow, or in dry-run.
 */
class LatencyGuardianEndToEndTest {

    private static final String LATENCY = "guardian.latency.enabled=true";
    private static final String FAST_CHECKS = "guardian.latency.check-interval=300ms";

    /** Router lines for each dyno: {@code perDyno} requests around its median, log-normal noise, seeded. */
    static LogplexBody traffic(Instant at, Map<String, Integer> medianMs, int perDyno, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        LogplexBody body = LogplexBody.at(at);
        for (int i = 0; i < perDyno; i++) {
            for (Map.Entry<String, Integer> dyno : medianMs.entrySet()) {
                double gauss = random.nextGaussian();
                body.router(dyno.getKey(), (int) Math.max(1, Math.round(dyno.getValue() * Math.exp(0.3 * gauss))), 200);
            }
        }
        return body;
    }

    static String dynosJson(Instant upSince, String... names) {
        return java.util.Arrays.stream(names).map(n -> "{\"id\":\"" + java.util.UUID.randomUUID() + "\",\"name\":\""
                + n + "\",\"type\":\"web\",\"state\":\"up\",\"size\":\"Standard-1X\",\"updated_at\":\"" + upSince
                + "\",\"created_at\":\"" + upSince + "\"}").collect(Collectors.joining(",", "[", "]"));
    }

    static Map<String, Integer> formation(int slowIndex, int slowMs, int healthyMs, int size) {
        Map<String, Integer> m = new java.util.LinkedHashMap<>();
        for (int i = 1; i <= size; i++) {
            m.put("web." + i, i == slowIndex ? slowMs : healthyMs);
        }
        return m;
    }

    abstract static class LatencyTest extends EndToEndTest {

        String[] names(int size) {
            return java.util.stream.IntStream.rangeClosed(1, size).mapToObj(i -> "web." + i).toArray(String[]::new);
        }

        double checks() {
            HttpResponse<String> r = admin().get("/actuator/metrics/guardian.latency.checks?tag=app:" + app);
            return r.statusCode() == 404 ? 0 : dev.dynoguardian.support.AdminClient.parse(r.body())
                    .path("measurements").get(0).path("value").asDouble();
        }

        /** Posts the traffic, then waits until at least three checks have judged it. */
        void postAndLetThreeChecksRun(Map<String, Integer> medians) {
            double before = checks();
            for (int round = 0; round < 2; round++) {
                assertThat(drain().post(traffic(clock.instant(), medians, 60, 42 + round))).isEqualTo(204);
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> checks() >= before + 3);
        }

        List<String> restarted() {
            return heroku.apiCalls(app, "DELETE");
        }

        List<JsonNode> ledger() {
            List<JsonNode> rows = new ArrayList<>();
            admin().getJson("/admin/restarts?app=" + app + "&limit=100").forEach(rows::add);
            return rows;
        }
    }

    @Nested
    @TestPropertySource(properties = {"guardian.app=latency-e2e", LATENCY, FAST_CHECKS})
    class Acting extends LatencyTest {

        @Test
        void theSlowDynoAndOnlyItIsReplaced() {
            heroku.dynos(app, dynosJson(clock.instant().minus(Duration.ofHours(1)), names(5)));

            drain().post(traffic(clock.instant(), formation(3, 400, 120, 5), 60, 7));
            drain().post(traffic(clock.instant(), formation(3, 400, 120, 5), 60, 8));

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(restarted())
                    .containsExactly("DELETE /apps/" + app + "/dynos/web.3"));
            JsonNode row = ledger().stream().filter(r -> r.path("dyno").asString().equals("web.3")).findFirst()
                    .orElseThrow();
            assertThat(row.path("requestedBy").asString()).isEqualTo("latency");
            assertThat(row.path("evidence").asString()).contains("ms");
        }

        @Test
        void aFastReplacementIsRecordedAsHelped() {
            replaceSlowDynoThenServe(110);

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(verification("web.3"))
                    .isEqualTo("helped"));
        }

        @Test
        void aReplacementThatIsJustAsSlowIsRecordedAndNotified() {
            replaceSlowDynoThenServe(400);

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(verification("web.3"))
                    .isEqualTo("did-not-help"));
            await().untilAsserted(() -> assertThat(heroku.hookBodies(app, "webhook"))
                    .anySatisfy(b -> assertThat(b).contains("\"event\":\"did-not-help\"")));
        }

        /** web.3 is slow and replaced; once its replacement is up it serves at {@code replacementMs}. */
        private void replaceSlowDynoThenServe(int replacementMs) {
            Instant hourAgo = clock.instant().minus(Duration.ofHours(1));
            heroku.dynos(app, dynosJson(hourAgo, names(5)));
            drain().post(traffic(clock.instant(), formation(3, 400, 120, 5), 60, 31));
            drain().post(traffic(clock.instant(), formation(3, 400, 120, 5), 60, 32));
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(restarted()).hasSize(1));

            String replaced = dynosJson(hourAgo, "web.1", "web.2", "web.4", "web.5").replace("]", ",")
                    + dynosJson(clock.instant().plusSeconds(1), "web.3").substring(1);
            heroku.dynos(app, replaced);
            double before = checks();
            await().atMost(Duration.ofSeconds(10)).until(() -> checks() >= before + 2);
            drain().post(traffic(clock.instant(), Map.of("web.3", replacementMs), 60, 33));
        }

        private String verification(String dyno) {
            return ledger().stream().filter(r -> r.path("dyno").asString().equals(dyno)
                    && r.path("outcome").asString().equals("restarted")).findFirst()
                    .map(r -> r.path("verification").asString()).orElse("");
        }

        @Test
        void aHealthyFormationIsLeftAlone() {
            heroku.dynos(app, dynosJson(clock.instant().minus(Duration.ofHours(1)), names(5)));

            postAndLetThreeChecksRun(formation(0, 0, 120, 5));

            assertThat(restarted()).isEmpty();
        }

        @Test
        void nothingHappensDuringADeployWhileTheDynosAreYoung() {
            heroku.dynos(app, dynosJson(clock.instant().minus(Duration.ofSeconds(30)), names(5)));

            postAndLetThreeChecksRun(formation(3, 600, 120, 5));

            assertThat(restarted()).isEmpty();
        }

        @Test
        void aWholeSlowFormationIsLoadNotABadDyno() {
            heroku.dynos(app, dynosJson(clock.instant().minus(Duration.ofHours(1)), names(5)));
            Map<String, Integer> slowMost = formation(0, 0, 700, 5);
            slowMost.put("web.1", 120);
            slowMost.put("web.2", 120);

            postAndLetThreeChecksRun(slowMost);

            assertThat(restarted()).isEmpty();
            await().untilAsserted(() -> assertThat(heroku.hookBodies(app, "webhook"))
                    .anySatisfy(b -> assertThat(b).contains("\"event\":\"latency-systemic\"")));
        }
    }

    @Nested
    @TestPropertySource(properties = {"guardian.app=latency-applines-e2e", LATENCY, FAST_CHECKS,
        "guardian.latency.app-line-pattern=request by dyno=(?<dyno>[a-z0-9.]+) took (?<seconds>[0-9.]+)s"})
    class AppLines extends LatencyTest {

        @Test
        void timingsTheAppPrintsCountWhenAPatternIsConfigured() {
            heroku.dynos(app, dynosJson(clock.instant().minus(Duration.ofHours(1)), names(5)));
            SplittableRandom random = new SplittableRandom(5);
            for (int round = 0; round < 2; round++) {
                LogplexBody body = LogplexBody.at(clock.instant());
                for (String dyno : names(5)) {
                    body.memory(dyno, java.util.UUID.randomUUID().toString(), 200, 512);
                    for (int i = 0; i < 60; i++) {
                        double seconds = (dyno.equals("web.5") ? 0.5 : 0.1) * Math.exp(0.2 * random.nextGaussian());
                        body.app(dyno, String.format(java.util.Locale.ROOT, "request by dyno=%s took %.3fs", dyno,
                                seconds));
                    }
                }
                drain().post(body);
            }

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(restarted())
                    .containsExactly("DELETE /apps/" + app + "/dynos/web.5"));
        }
    }

    @Nested
    @TestPropertySource(properties = {"guardian.app=latency-dryrun-e2e", LATENCY, FAST_CHECKS,
        "guardian.dry-run=true"})
    class DryRun extends LatencyTest {

        @Test
        void dryRunDecidesAndRecordsWithoutCallingTheApi() {
            heroku.dynos(app, dynosJson(clock.instant().minus(Duration.ofHours(1)), names(5)));

            drain().post(traffic(clock.instant(), formation(2, 500, 120, 5), 60, 11));
            drain().post(traffic(clock.instant(), formation(2, 500, 120, 5), 60, 12));

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(ledger())
                    .anySatisfy(r -> {
                        assertThat(r.path("dyno").asString()).isEqualTo("web.2");
                        assertThat(r.path("outcome").asString()).isEqualTo("dry-run");
                    }));
            assertThat(restarted()).isEmpty();
        }
    }

    @Nested
    @TestPropertySource(properties = {"guardian.app=latency-stop-e2e", LATENCY, FAST_CHECKS,
        "guardian.latency.action=stop"})
    class Stop extends LatencyTest {

        @Test
        void theStopActionStopsTheDynoAsTheSlayerDid() {
            heroku.dynos(app, dynosJson(clock.instant().minus(Duration.ofHours(1)), names(6)));

            drain().post(traffic(clock.instant(), formation(5, 450, 120, 6), 60, 21));
            drain().post(traffic(clock.instant(), formation(5, 450, 120, 6), 60, 22));

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(heroku.apiCalls(app, "POST"))
                    .containsExactly("POST /apps/" + app + "/dynos/web.5/actions/stop"));
            assertThat(restarted()).isEmpty();
        }
    }
}
