package dev.dynoguardian.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.dynoguardian.support.EndToEndTest;
import dev.dynoguardian.support.HerokuStub;
import dev.dynoguardian.support.LogplexBody;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
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
        return traffic(at, medianMs, Set.of(), perDyno, seed);
    }

    /** As {@link #traffic(Instant, Map, int, long)}, but every request routed to a {@code hung} dyno fails (H12, H13). */
    static LogplexBody traffic(Instant at, Map<String, Integer> medianMs, Set<String> hung, int perDyno, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        LogplexBody body = LogplexBody.at(at);
        for (int i = 0; i < perDyno; i++) {
            for (Map.Entry<String, Integer> dyno : medianMs.entrySet()) {
                double gauss = random.nextGaussian();
                if (hung.contains(dyno.getKey())) {
                    body.heroku("router", routerError(dyno.getKey(), i % 2 == 0 ? "H12" : "H13"));
                } else {
                    body.router(dyno.getKey(), (int) Math.max(1, Math.round(dyno.getValue() * Math.exp(0.3 * gauss))),
                            200);
                }
            }
        }
        return body;
    }

    static String routerError(String dyno, String code) {
        String desc = "H12".equals(code) ? "Request timeout" : "Connection closed without response";
        String service = "H12".equals(code) ? "30000ms" : "4ms";
        return "at=error code=" + code + " desc=\"" + desc + "\" method=GET path=\"/cart\" host=shop.example.com"
                + " request_id=7f1e2a fwd=\"73.75.38.87\" dyno=" + dyno + " connect=1ms service=" + service
                + " status=503 bytes=0 protocol=https";
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

        /** Waits until at least {@code more} further checks have run. */
        void letChecksRun(int more) {
            double before = checks();
            await().atMost(Duration.ofSeconds(15)).until(() -> checks() >= before + more);
        }

        List<String> restarted() {
            return heroku.apiCalls(app, "DELETE");
        }

        /** Every call that acts on the app (anything but reading it). */
        List<String> actions() {
            return heroku.calls(app).stream().filter(c -> c.path().startsWith("/apps/") && !c.method().equals("GET"))
                    .map(c -> c.method() + " " + c.path()).toList();
        }

        /** The verification of the dyno's restarted ledger row, empty while there is none. */
        String verification(String dyno) {
            return restartedRow(dyno).map(r -> r.path("verification").asString()).orElse("");
        }

        java.util.Optional<JsonNode> restartedRow(String dyno) {
            return ledger().stream().filter(r -> r.path("dyno").asString().equals(dyno)
                    && r.path("outcome").asString().equals("restarted")).findFirst();
        }

        /** The formation with {@code dyno} replaced by a fresh incarnation that came up after the action. */
        void replaceInDynoList(String dyno, int size) {
            Instant hourAgo = clock.instant().minus(Duration.ofHours(1));
            String others = java.util.Arrays.stream(names(size)).filter(n -> !n.equals(dyno))
                    .map(n -> dynosJson(hourAgo, n)).map(j -> j.substring(1, j.length() - 1))
                    .collect(Collectors.joining(","));
            String fresh = dynosJson(clock.instant().plusSeconds(1), dyno);
            heroku.dynos(app, "[" + others + "," + fresh.substring(1, fresh.length() - 1) + "]");
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
            letChecksRun(3);
            assertThat(actions()).containsExactly("DELETE /apps/" + app + "/dynos/web.3");
            JsonNode row = ledger().stream().filter(r -> r.path("dyno").asString().equals("web.3")).findFirst()
                    .orElseThrow();
            assertThat(row.path("requestedBy").asString()).isEqualTo("latency");
            assertThat(row.path("evidence").asString()).contains("ms");
        }

        @Test
        void aDynoAnsweringOnlyWithRouterErrorsAndOnlyItIsReplaced() {
            heroku.dynos(app, dynosJson(clock.instant().minus(Duration.ofHours(1)), names(5)));

            drain().post(traffic(clock.instant(), formation(0, 0, 150, 5), Set.of("web.4"), 60, 51));
            drain().post(traffic(clock.instant(), formation(0, 0, 150, 5), Set.of("web.4"), 60, 52));

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(restarted())
                    .containsExactly("DELETE /apps/" + app + "/dynos/web.4"));
            letChecksRun(3);
            assertThat(actions()).containsExactly("DELETE /apps/" + app + "/dynos/web.4");
            assertThat(restartedRow("web.4").orElseThrow().path("evidence").asString())
                    .isEqualTo("error rate 100.0% (120/120) > 5.0%");
        }

        @Test
        void aReplacementThatKeepsFailingDidNotHelpThoughItHasNoSlowTimings() {
            heroku.dynos(app, dynosJson(clock.instant().minus(Duration.ofHours(1)), names(5)));
            drain().post(traffic(clock.instant(), formation(0, 0, 150, 5), Set.of("web.4"), 60, 53));
            drain().post(traffic(clock.instant(), formation(0, 0, 150, 5), Set.of("web.4"), 60, 54));
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(restarted()).hasSize(1));

            replaceInDynoList("web.4", 5);
            letChecksRun(2);
            drain().post(traffic(clock.instant(), Map.of("web.4", 150), Set.of("web.4"), 60, 55));

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(verification("web.4"))
                    .isEqualTo("did not help"));
            assertThat(restartedRow("web.4").orElseThrow().path("detail").asString())
                    .isEqualTo("replacement error rate 100.0% (60/60) vs 100.0% before (bar 5.0%)");
        }

        @Test
        void aFastReplacementIsRecordedAsHelped() {
            replaceSlowDynoThenServe(110);

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(verification("web.3"))
                    .isEqualTo("helped"));
            assertThat(restartedRow("web.3").orElseThrow().path("detail").asString())
                    .matches("replacement trimmed-mean 1\\d\\d ms over 60 timed requests vs \\d+ ms before"
                            + " \\(bar \\d+ ms\\)");
        }

        @Test
        void anActionFirstQueuedWhilePausedIsVerifiedOnceCarriedOut() {
            heroku.dynos(app, dynosJson(clock.instant().minus(Duration.ofHours(1)), names(5)));
            admin().postJson("/admin/pause", "{\"reason\":\"deploy window\",\"app\":\"" + app + "\"}");
            drain().post(traffic(clock.instant(), formation(3, 400, 120, 5), 60, 61));
            drain().post(traffic(clock.instant(), formation(3, 400, 120, 5), 60, 62));
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(ledger()).anySatisfy(r -> {
                assertThat(r.path("dyno").asString()).isEqualTo("web.3");
                assertThat(r.path("outcome").asString()).isEqualTo("queued");
            }));
            assertThat(restarted()).isEmpty();

            admin().postJson("/admin/resume", "{\"app\":\"" + app + "\"}");
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(restarted()).hasSize(1));
            replaceInDynoList("web.3", 5);
            letChecksRun(2);
            drain().post(traffic(clock.instant(), Map.of("web.3", 110), 60, 63));

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(verification("web.3"))
                    .isEqualTo("helped"));
        }

        @Test
        void aReplacementThatIsJustAsSlowIsRecordedAndNotified() {
            replaceSlowDynoThenServe(400);

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(verification("web.3"))
                    .isEqualTo("did not help"));
            await().untilAsserted(() -> assertThat(heroku.hookBodies(app, "webhook"))
                    .anySatisfy(b -> assertThat(b).contains("\"event\":\"did-not-help\"")));
        }

        /** web.3 is slow and replaced; once its replacement is up it serves at {@code replacementMs}. */
        private void replaceSlowDynoThenServe(int replacementMs) {
            heroku.dynos(app, dynosJson(clock.instant().minus(Duration.ofHours(1)), names(5)));
            drain().post(traffic(clock.instant(), formation(3, 400, 120, 5), 60, 31));
            drain().post(traffic(clock.instant(), formation(3, 400, 120, 5), 60, 32));
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(restarted()).hasSize(1));

            replaceInDynoList("web.3", 5);
            letChecksRun(2);
            drain().post(traffic(clock.instant(), Map.of("web.3", replacementMs), 60, 33));
        }

        @Test
        void aHealthyFormationAboveTheFloorIsLeftAlone() {
            heroku.dynos(app, dynosJson(clock.instant().minus(Duration.ofHours(1)), names(5)));

            postAndLetThreeChecksRun(Map.of("web.1", 390, "web.2", 410, "web.3", 400, "web.4", 430, "web.5", 380));

            assertThat(actions()).isEmpty();
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
            LogplexBody cameUp = LogplexBody.at(clock.instant());
            for (String dyno : names(5)) {
                cameUp.stateChanged(dyno, "starting", "up");
            }
            assertThat(drain().post(cameUp)).isEqualTo(204);
            clock.advance(Duration.ofMinutes(5));

            drain().post(traffic(clock.instant(), formation(2, 500, 120, 5), 60, 11));
            drain().post(traffic(clock.instant(), formation(2, 500, 120, 5), 60, 12));

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(ledger())
                    .anySatisfy(r -> {
                        assertThat(r.path("dyno").asString()).isEqualTo("web.2");
                        assertThat(r.path("outcome").asString()).isEqualTo("dry-run");
                    }));
            assertThat(apiCalls()).isEmpty();
        }

        @Test
        void dynosFirstSeenJustNowAreTooYoungToJudgeInDryRun() {
            postAndLetThreeChecksRun(formation(2, 500, 120, 5));

            assertThat(ledger()).isEmpty();
            assertThat(apiCalls()).isEmpty();
        }

        /** Every request to the Heroku API stub, of any method; notifications to the hooks are not API calls. */
        private List<String> apiCalls() {
            return heroku.calls(app).stream().filter(c -> !c.path().startsWith("/hooks/"))
                    .map(c -> c.method() + " " + c.path()).toList();
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

    /** The check's log line: WARN when acting or too few dynos have samples, ERROR when it fails, INFO otherwise. */
    @Nested
    @TestPropertySource(properties = {"guardian.app=latency-log-e2e", LATENCY, FAST_CHECKS})
    class LogLevels extends LatencyTest {

        @Test
        void aCheckThatActsLogsWarn() {
            heroku.dynos(app, dynosJson(clock.instant().minus(Duration.ofHours(1)), names(5)));
            try (CheckLog log = new CheckLog(app)) {
                drain().post(traffic(clock.instant(), formation(2, 500, 120, 5), 60, 71));
                drain().post(traffic(clock.instant(), formation(2, 500, 120, 5), 60, 72));

                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(log.lines(Level.WARN))
                        .anySatisfy(line -> assertThat(line).contains("decision=ACT").contains("chosen=web.2")));
            }
        }

        @Test
        void aCheckThatJudgesAndFindsNothingLogsInfo() {
            heroku.dynos(app, dynosJson(clock.instant().minus(Duration.ofHours(1)), names(5)));
            postAndLetThreeChecksRun(formation(0, 0, 120, 5));
            try (CheckLog log = new CheckLog(app)) {
                letChecksRun(2);

                assertThat(log.levels()).isNotEmpty().containsOnly(Level.INFO);
                assertThat(log.lines(Level.INFO)).allSatisfy(line -> assertThat(line).contains("decision=NONE"));
            }
        }

        @Test
        void fewerThanHalfOfTheDynosWithEnoughSamplesLogsWarn() {
            heroku.dynos(app, dynosJson(clock.instant().minus(Duration.ofHours(1)), names(5)));
            drain().post(traffic(clock.instant(), Map.of("web.1", 120, "web.2", 125), 60, 73));
            try (CheckLog log = new CheckLog(app)) {
                letChecksRun(2);

                assertThat(log.levels()).isNotEmpty().containsOnly(Level.WARN);
                assertThat(log.lines(Level.WARN)).allSatisfy(line -> assertThat(line)
                        .contains("only 2 of 5 dynos have at least 32 samples; judging those only"));
            }
        }
    }

    @Nested
    @TestPropertySource(properties = {"guardian.app=latency-api-down-e2e", LATENCY, FAST_CHECKS})
    class ApiDown extends LatencyTest {

        @Test
        void aCheckThatCannotListTheDynosLogsError() {
            heroku.script(app, request -> "GET".equals(request.getMethod()) ? HerokuStub.status(500) : null);
            try (CheckLog log = new CheckLog(app)) {
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(log.lines(Level.ERROR))
                        .anySatisfy(line -> assertThat(line).contains("app=" + app)
                                .contains("decision=ERROR reason=\"check could not complete")));

                assertThat(log.levels()).containsOnly(Level.ERROR);
            }
        }
    }

    /**
     * The latency check's log lines about one app while open (logger {@code dev.dynoguardian.latency.check}, shared by
     * the guardians of the other test classes still running in this JVM).
     */
    static final class CheckLog implements AutoCloseable {

        private final Logger logger = (Logger) LoggerFactory.getLogger("dev.dynoguardian.latency.check");
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        private final String app;

        CheckLog(String app) {
            this.app = app;
            appender.start();
            logger.addAppender(appender);
        }

        List<Level> levels() {
            return events().stream().map(ILoggingEvent::getLevel).toList();
        }

        List<String> lines(Level level) {
            return events().stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }

        private List<ILoggingEvent> events() {
            synchronized (appender) {
                return appender.list.stream().filter(e -> e.getFormattedMessage().contains(" app=" + app + " "))
                        .toList();
            }
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
            appender.stop();
        }
    }
}
