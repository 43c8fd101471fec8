package dev.dynoguardian.rolling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.EndToEndTest;
import dev.dynoguardian.support.LogplexBody;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Rolling restarts end to end against the Heroku stub: each dyno through the RestartPolicy as a {@code planned}
 * request, one at a time, the next only once the Platform API lists the previous one's replacement up; skipped when
 * fresh, held by a pause, stopped by a late replacement or a rising error rate, overtaken by reactive restarts, and in
 * dry-run recorded without any API call; an ended roll is deleted after the ledger's retention. Forged drain lines
 * neither move a roll on nor widen it.
 */
class RollingRestartEndToEndTest {

    /** Past the policy's settle-time (60 s), so a restart's slot is over whatever the drain says. */
    private static final Duration PAST_SETTLE = Duration.ofSeconds(61);
    private static final String[] SIX_WEB = {"web.1", "web.2", "web.3", "web.4", "web.5", "web.6", "worker.1"};

    abstract static class RollingTest extends EndToEndTest {

        @Autowired
        MeterRegistry meters;

        String path() {
            return "/admin/apps/" + app + "/rolling-restart";
        }

        HttpResponse<String> start(String json) {
            return admin().post(path(), json);
        }

        JsonNode overview() {
            return admin().getJson(path());
        }

        List<String> deletes() {
            return heroku.apiCalls(app, "DELETE");
        }

        String delete(String dyno) {
            return "DELETE /apps/" + app + "/dynos/" + dyno;
        }

        void awaitDeletes(String... dynos) {
            List<String> expected = new ArrayList<>();
            for (String dyno : dynos) {
                expected.add(delete(dyno));
            }
            await().untilAsserted(() -> assertThat(deletes()).containsExactlyElementsOf(expected));
            await().untilAsserted(() -> assertThat(admin().getJson("/admin/restarts?app=" + app + "&limit=5"))
                    .as("the guardian heard Heroku's answers: slots settle from now on the test's clock")
                    .noneSatisfy(row -> assertThat(row.path("outcome").asString()).isEqualTo("pending")));
        }

        /** Nothing more happens while the roll runner takes five more rounds (its check-interval is 100 ms). */
        void assertStill(String... dynos) {
            awaitRounds(5);
            awaitDeletes(dynos);
            assertThat(deletes()).as("once every answer was heard").hasSize(dynos.length);
        }

        void awaitRounds(int rounds) {
            double before = rounds();
            await().until(() -> rounds() >= before + rounds);
        }

        private double rounds() {
            return meters.counter("guardian.rolling.checks", "app", app).count();
        }

        JsonNode awaitEnded(String state) {
            await().untilAsserted(() -> {
                JsonNode o = overview();
                assertThat(o.path("running").isNull()).as("no roll running").isTrue();
                assertThat(o.path("last").path("state").asString()).isEqualTo(state);
            });
            return overview().path("last");
        }

        static String statusOf(JsonNode roll, String dyno) {
            for (JsonNode d : roll.path("dynos")) {
                if (d.path("dyno").asString().equals(dyno)) {
                    return d.path("status").asString();
                }
            }
            return "absent";
        }

        List<String> webhookEvents() {
            return heroku.hookBodies(app, "webhook").stream()
                    .map(b -> AdminClient.parse(b).path("event").asString()).toList();
        }

        @AfterEach
        void noRollLeft() {
            admin().send("DELETE", path(), "application/json", null);
            admin().post("/admin/apps/" + app + "/resume", "{}");
        }
    }

    @Nested
    @TestPropertySource(properties = {"guardian.app=rolling-e2e", "guardian.rolling.check-interval=100ms",
        "guardian.heroku.formation-refresh=200ms"})
    class OnDemand extends RollingTest {

        @Test
        void sixWebDynosAreEachRestartedOnceOneAtATimeEachAfterThePreviousIsUp() {
            StubFormation formation = StubFormation.of(heroku, app, clock::instant, SIX_WEB);

            HttpResponse<String> started = start("{\"reason\": \"config change\", \"dyno-types\": [\"web\"]}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);

            List<String> restarted = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                restarted.add("web." + i);
                awaitDeletes(restarted.toArray(String[]::new));
                assertThat(statusOf(overview().path("running"), "web." + i)).isEqualTo("restarting");
                assertStill(restarted.toArray(String[]::new));
                clock.advance(PAST_SETTLE);
                assertStill(restarted.toArray(String[]::new));
                formation.up("web." + i);
            }

            JsonNode roll = awaitEnded("finished");
            assertThat(formation.overlaps()).isEmpty();
            assertThat(roll.path("dynos")).extracting(d -> d.path("dyno").asString() + " " + d.path("status").asString())
                    .containsExactly("web.1 healthy", "web.2 healthy", "web.3 healthy", "web.4 healthy",
                            "web.5 healthy", "web.6 healthy");
            assertThat(roll.path("startedBy").asString()).isEqualTo("admin");
            assertStill(restarted.toArray(String[]::new));
            Instant since = Instant.parse(roll.path("startedAt").asString());
            List<JsonNode> ledger = new ArrayList<>();
            admin().getJson("/admin/restarts?app=" + app + "&limit=50").forEach(row -> {
                if (!Instant.parse(row.path("decidedAt").asString()).isBefore(since)) {
                    ledger.add(row);
                }
            });
            assertThat(ledger).allSatisfy(row -> {
                assertThat(row.path("requestedBy").asString()).isEqualTo("planned");
                assertThat(row.path("outcome").asString()).isEqualTo("restarted");
                assertThat(row.path("verification").asString()).isEqualTo("healthy");
            }).hasSize(6);
            assertThat(admin().getJson("/admin/apps/" + app).path("budgetLeft").asInt())
                    .as("the hourly budget kept for emergencies").isEqualTo(10);
            await().untilAsserted(() -> assertThat(webhookEvents()).containsExactly("roll-started", "roll-finished"));
        }

        @Test
        void aDynoRestartedTwoHoursEarlierIsSkipped() {
            StubFormation formation = StubFormation.of(heroku, app, clock::instant, "web.1", "web.2", "web.3")
                    .upSince("web.2", Duration.ofHours(2));

            assertThat(start("{\"reason\": \"leak\"}").statusCode()).isEqualTo(202);
            awaitDeletes("web.1");
            clock.advance(PAST_SETTLE);
            formation.up("web.1");
            awaitDeletes("web.1", "web.3");
            clock.advance(PAST_SETTLE);
            formation.up("web.3");

            JsonNode roll = awaitEnded("finished");
            assertThat(statusOf(roll, "web.2")).isEqualTo("skipped");
            assertThat(roll.path("dynos").get(1).path("detail").asString()).contains("fresh already");
            assertThat(roll.path("outcome").asString()).contains("2 healthy").contains("1 skipped");
        }

        @Test
        void aPauseHoldsTheRollAndResumeContinuesIt() {
            StubFormation formation = StubFormation.of(heroku, app, clock::instant, "web.1", "web.2", "web.3");
            assertThat(start("{\"reason\": \"weekly refresh\"}").statusCode()).isEqualTo(202);
            awaitDeletes("web.1");

            assertThat(admin().post("/admin/apps/" + app + "/pause", "{\"reason\": \"incident\"}").statusCode())
                    .isEqualTo(200);
            clock.advance(PAST_SETTLE);
            formation.up("web.1");
            await().untilAsserted(() -> assertThat(statusOf(overview().path("running"), "web.2"))
                    .isEqualTo("restarting"));
            assertStill("web.1");
            assertThat(admin().getJson("/admin/restarts?app=" + app + "&limit=1").get(0).path("rule").asString())
                    .isEqualTo("paused");

            assertThat(admin().post("/admin/apps/" + app + "/resume", "{}").statusCode()).isEqualTo(200);
            awaitDeletes("web.1", "web.2");
            clock.advance(PAST_SETTLE);
            formation.up("web.2");
            awaitDeletes("web.1", "web.2", "web.3");
            clock.advance(PAST_SETTLE);
            formation.up("web.3");
            awaitEnded("finished");
        }

        @Test
        void aReplacementThatIsNotUpInTimeStopsTheRollWithTheReasonInTheLedgerAndANotification()
                {
            StubFormation.of(heroku, app, clock::instant, "web.1", "web.2", "web.3");
            assertThat(start("{\"reason\": \"refresh\"}").statusCode()).isEqualTo(202);
            awaitDeletes("web.1");

            clock.advance(Duration.ofMinutes(4));
            assertStill("web.1");
            clock.advance(Duration.ofMinutes(2));

            JsonNode roll = awaitEnded("stopped");
            assertThat(roll.path("outcome").asString()).contains("web.1").contains("not listed up within");
            assertThat(statusOf(roll, "web.1")).isEqualTo("failed");
            assertThat(statusOf(roll, "web.2")).isEqualTo("waiting");
            JsonNode row = admin().getJson("/admin/restarts?app=" + app + "&limit=1").get(0);
            assertThat(row.path("verification").asString()).isEqualTo("unhealthy");
            assertThat(row.path("detail").asString()).contains("stopped").contains("not listed up within");
            await().untilAsserted(() -> assertThat(heroku.hookBodies(app, "webhook"))
                    .anySatisfy(b -> assertThat(b).contains("\"event\":\"roll-stopped\"")
                            .contains("not listed up within")));
            assertStill("web.1");
        }

        /**
         * A forged {@code State changed ... to up} line does not move the roll on (the Platform API's list says when a
         * replacement is up), and forged router lines about a dyno the platform does not list add nothing to the plan.
         */
        @Test
        void forgedLinesNeitherMoveTheRollOnNorWidenIt() {
            StubFormation formation = StubFormation.of(heroku, app, clock::instant, "web.1", "web.2");
            assertThat(start("{\"reason\": \"refresh\"}").statusCode()).isEqualTo(202);
            awaitDeletes("web.1");

            clock.advance(PAST_SETTLE);
            LogplexBody forged = body().stateChanged("web.1", "starting", "up");
            for (int i = 0; i < 50; i++) {
                forged.router("web.7", 40, 200).router("web.1", 40, 200);
            }
            drain().post(forged);
            assertStill("web.1");
            assertThat(formation.state("web.1")).isEqualTo("starting");

            formation.up("web.1");
            awaitDeletes("web.1", "web.2");
            clock.advance(PAST_SETTLE);
            formation.up("web.2");
            JsonNode roll = awaitEnded("finished");
            assertThat(roll.path("dynos")).extracting(d -> d.path("dyno").asString()).containsExactly("web.1", "web.2");
            assertStill("web.1", "web.2");
        }

        @Test
        void aRisingRouterErrorRateStopsTheRoll() {
            StubFormation formation = StubFormation.of(heroku, app, clock::instant, "web.1", "web.2", "web.3");
            assertThat(start("{\"reason\": \"refresh\"}").statusCode()).isEqualTo(202);
            awaitDeletes("web.1");
            LogplexBody failing = body();
            for (int i = 0; i < 150; i++) {
                failing.router("web.2", 40, 503);
            }
            drain().post(failing);
            clock.advance(PAST_SETTLE);
            formation.up("web.1");

            JsonNode roll = awaitEnded("stopped");
            assertThat(roll.path("outcome").asString()).contains("router error rate");
            assertStill("web.1");
        }

        @Test
        void reactiveRestartsOvertakeAQueuedPlannedOne() {
            StubFormation formation = StubFormation.of(heroku, app, clock::instant, "web.1", "web.2", "web.3", "web.4");
            drain().post(body().r14("web.4"));
            awaitDeletes("web.4");

            assertThat(start("{\"reason\": \"refresh\"}").statusCode()).isEqualTo(202);
            await().untilAsserted(() -> assertThat(admin().getJson("/admin/restarts?app=" + app + "&limit=1").get(0)
                    .path("requestedBy").asString()).isEqualTo("planned"));
            drain().post(body().r14("web.3"));
            await().untilAsserted(() -> assertThat(admin().getJson("/admin/restarts?app=" + app + "&limit=1").get(0)
                    .path("dyno").asString()).isEqualTo("web.3"));

            clock.advance(PAST_SETTLE);
            formation.up("web.4");
            awaitDeletes("web.4", "web.3");
            clock.advance(PAST_SETTLE);
            formation.up("web.3");
            awaitDeletes("web.4", "web.3", "web.1");
        }

        @Test
        void refusalsAreProblems() {
            StubFormation.of(heroku, app, clock::instant, "web.1", "web.2");
            assertThat(admin().post("/admin/apps/nope/rolling-restart", "{\"reason\": \"x\"}").statusCode())
                    .isEqualTo(404);
            assertThat(start("{}").statusCode()).isEqualTo(400);
            assertThat(start("{\"reason\": \"x\", \"dyno-types\": [\"run\"]}").statusCode()).isEqualTo(400);
            assertThat(start("{\"reason\": \"x\", \"skip-younger-than\": \"soon\"}").statusCode()).isEqualTo(400);
            assertThat(admin().send("DELETE", path(), "application/json", null).statusCode()).isEqualTo(404);

            assertThat(start("{\"reason\": \"first\"}").statusCode()).isEqualTo(202);
            HttpResponse<String> second = start("{\"reason\": \"second\"}");
            assertThat(second.statusCode()).isEqualTo(409);
            assertThat(second.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("application/problem+json"));
            assertThat(admin().send("DELETE", path(), "application/json", null).statusCode()).isEqualTo(200);
            assertThat(admin().with("Origin", "https://evil.example").send("POST", path(), "application/json",
                    "{\"reason\": \"x\"}").statusCode()).isEqualTo(403);
        }
    }

    /**
     * The closed loop with the latency guardian on for the web dynos: once the replacement has min-samples (32) of
     * requests it is judged against the other web dynos by the detector's rules. Its own check runs only once an hour
     * here, so that nothing but the roll acts on the latencies.
     */
    @Nested
    @TestPropertySource(properties = {"guardian.app=rolling-latency-e2e", "guardian.rolling.check-interval=100ms",
        "guardian.heroku.formation-refresh=200ms", "guardian.latency.enabled=true", "guardian.latency.dyno-types=web",
        "guardian.latency.check-interval=1h"})
    class JudgedByTheLatencyGuardian extends RollingTest {

        /** 40 requests (over min-samples) for each dyno, the replacement's last, so it is judged once all are in. */
        LogplexBody traffic(int replacementMs) {
            LogplexBody lines = body();
            for (String other : List.of("web.2", "web.3")) {
                for (int i = 0; i < 40; i++) {
                    lines.router(other, 45 + i % 11, 200);
                }
            }
            for (int i = 0; i < 40; i++) {
                lines.router("web.1", replacementMs + i % 11, 200);
            }
            return lines;
        }

        /** A roll of web.1 to web.3 whose first replacement, web.1, is listed up and waits to be judged. */
        void rollUntilTheFirstReplacementIsUp() {
            StubFormation formation = StubFormation.of(heroku, app, clock::instant, "web.1", "web.2", "web.3");
            assertThat(start("{\"reason\": \"refresh\", \"dyno-types\": [\"web\"]}").statusCode()).isEqualTo(202);
            awaitDeletes("web.1");
            clock.advance(PAST_SETTLE);
            formation.up("web.1");
            assertStill("web.1");
        }

        JsonNode ledgerRow(String dyno) {
            for (JsonNode row : admin().getJson("/admin/restarts?app=" + app + "&limit=10")) {
                if (row.path("dyno").asString().equals(dyno)) {
                    return row;
                }
            }
            throw new AssertionError("no ledger row for " + dyno);
        }

        @Test
        void aSlowReplacementStopsTheRollWithTheReasonInTheLedgerAndANotification() {
            rollUntilTheFirstReplacementIsUp();
            assertThat(overview().path("running").isNull()).as("waiting for the replacement's requests").isFalse();

            drain().post(traffic(1000));

            JsonNode roll = awaitEnded("stopped");
            assertThat(roll.path("outcome").asString()).contains("web.1").contains("is an outlier")
                    .contains("ms >").contains("others' median");
            assertThat(statusOf(roll, "web.1")).isEqualTo("failed");
            assertThat(statusOf(roll, "web.2")).isEqualTo("waiting");
            assertThat(statusOf(roll, "web.3")).isEqualTo("waiting");
            JsonNode row = ledgerRow("web.1");
            assertThat(row.path("requestedBy").asString()).isEqualTo("planned");
            assertThat(row.path("verification").asString()).isEqualTo("unhealthy");
            assertThat(row.path("detail").asString()).contains("stopped").contains("is an outlier");
            await().untilAsserted(() -> assertThat(heroku.hookBodies(app, "webhook"))
                    .anySatisfy(b -> assertThat(b).contains("\"event\":\"roll-stopped\"").contains("is an outlier")));
            assertThat(webhookEvents()).containsExactly("roll-started", "roll-stopped");
            assertStill("web.1");
        }

        @Test
        void aReplacementAsFastAsTheOthersIsJudgedHealthyAndTheRollMovesOn() {
            rollUntilTheFirstReplacementIsUp();

            drain().post(traffic(45));

            awaitDeletes("web.1", "web.2");
            assertThat(statusOf(overview().path("running"), "web.1")).isEqualTo("healthy");
            JsonNode row = ledgerRow("web.1");
            assertThat(row.path("verification").asString()).isEqualTo("healthy");
            assertThat(row.path("detail").asString()).as("judged, not waved through after health-wait")
                    .contains("latency").doesNotContain("could not judge");
        }
    }

    @Nested
    @TestPropertySource(properties = {"guardian.app=rolling-dryrun-e2e", "guardian.dry-run=true",
        "guardian.rolling.check-interval=100ms"})
    class InDryRun extends RollingTest {

        @Test
        void theRollIsRecordedAndNoApiIsCalled() {
            LogplexBody samples = body();
            for (int i = 1; i <= 3; i++) {
                samples.memory("web." + i, "uuid-" + i, 200, 512);
            }
            drain().post(samples);

            assertThat(start("{\"reason\": \"rehearsal\"}").statusCode()).isEqualTo(202);
            await().untilAsserted(() -> {
                clock.advance(Duration.ofSeconds(5));
                assertThat(overview().path("running").isNull()).isTrue();
            });

            JsonNode roll = overview().path("last");
            assertThat(roll.path("state").asString()).isEqualTo("finished");
            assertThat(roll.path("dynos")).extracting(d -> d.path("dyno").asString() + " " + d.path("status").asString())
                    .containsExactly("web.1 dry-run", "web.2 dry-run", "web.3 dry-run");
            assertThat(admin().getJson("/admin/restarts?app=" + app + "&limit=20"))
                    .filteredOn(r -> r.path("outcome").asString().equals("dry-run")).hasSize(3);
            assertThat(heroku.calls(app)).noneSatisfy(c -> assertThat(c.path()).startsWith("/apps/"));

            clock.advance(Duration.ofDays(31));
            await().untilAsserted(() -> assertThat(overview().path("last").isNull())
                    .as("an ended roll goes after guardian.ledger.retention (30 days)").isTrue());
        }
    }

    /** The schedule's hour is twelve hours away from when the test starts, so no window is open at start-up. */
    private static final int HOUR = (ZonedDateTime.now(ZoneOffset.UTC).getHour() + 12) % 24;

    @Nested
    @TestPropertySource(properties = {"guardian.app=rolling-scheduled-e2e", "guardian.rolling.check-interval=100ms",
        "guardian.rolling.zone=Europe/Berlin", "guardian.heroku.formation-refresh=200ms"})
    class OnASchedule extends RollingTest {

        @DynamicPropertySource
        static void schedule(DynamicPropertyRegistry registry) {
            registry.add("guardian.rolling.schedule", () -> "0 30 " + HOUR + " * * *");
        }

        @Test
        void aRollStartsAtItsCronTimeAndIsAbandonedPastItsDeadline() {
            ZonedDateTime now = clock.instant().atZone(ZoneId.of("Europe/Berlin"));
            ZonedDateTime at = now.withHour(HOUR).withMinute(30).withSecond(0).withNano(0);
            Instant window = (at.isAfter(now) ? at : at.plusDays(1)).toInstant();
            clock.set(window.minusSeconds(5));
            StubFormation.of(heroku, app, clock::instant, "web.1", "web.2");
            assertThat(overview().path("nextScheduled").asString()).isEqualTo(window.toString());
            assertThat(admin().post("/admin/apps/" + app + "/pause", "{\"reason\": \"hold the roll\"}").statusCode())
                    .isEqualTo(200);
            awaitRounds(3);
            assertThat(overview().path("running").isNull()).isTrue();

            clock.set(window);
            await().untilAsserted(() -> {
                JsonNode running = overview().path("running");
                assertThat(running.path("startedBy").asString()).isEqualTo("schedule");
                assertThat(running.path("scheduledFor").asString()).isEqualTo(window.toString());
                assertThat(statusOf(running, "web.1")).isEqualTo("restarting");
            });

            clock.advance(Duration.ofHours(2).plusMinutes(1));
            JsonNode roll = awaitEnded("abandoned");
            assertThat(roll.path("outcome").asString()).contains("deadline");
            await().untilAsserted(() -> assertThat(webhookEvents()).contains("roll-started", "roll-abandoned"));

            assertThat(admin().post("/admin/apps/" + app + "/resume", "{}").statusCode()).isEqualTo(200);
            assertStill();
            assertThat(overview().path("running").isNull()).as("the window has had its roll").isTrue();
        }
    }
}
