package dev.dynoguardian.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.EndToEndTest;
import dev.dynoguardian.support.LogplexBody;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The drain as an attacker who knows the drain password uses it: forged {@code heroku} lines naming a process type, a
 * path, invented dynos by the hundred thousand, oversized fields and forged up lines. None of it may make the guardian
 * call the Platform API for anything but a dyno the platform lists, nor blind it to a real dyno's R14 afterwards. The
 * stub lists {@code web.1} to {@code web.8} and {@code worker.1}; a list of dynos is fetched at most every 2 s.
 */
@TestPropertySource(properties = {
    "guardian.app=hostile-e2e",
    "guardian.memory.dyno-types=web,worker",
    "guardian.drain.max-dynos=300",
    "guardian.heroku.formation-refresh=2s",
    "guardian.policy.max-unavailable=0.5"
})
class HostileDrainEndToEndTest extends EndToEndTest {

    private static final List<String> LISTED = List.of("web.1", "web.2", "web.3", "web.4", "web.5", "web.6", "web.7",
            "web.8", "worker.1");

    private long lastLedgerId;

    private void listed() {
        heroku.formation(app, LISTED.toArray(String[]::new));
    }

    private List<String> restarts() {
        return heroku.actions(app);
    }

    private String restartOf(String dyno) {
        return "DELETE /apps/" + app + "/dynos/" + dyno;
    }

    private double counter(String name, String... tags) {
        StringBuilder query = new StringBuilder("/actuator/metrics/" + name + "?tag=app:" + app);
        for (String tag : tags) {
            query.append("&tag=").append(tag);
        }
        return admin().get(query.toString()).statusCode() == 404 ? 0
                : admin().getJson(query.toString()).path("measurements").get(0).path("value").asDouble();
    }

    /** The tests share one guardian: what an earlier test left queued is discarded (stale) before the next begins. */
    @BeforeEach
    void quiet() {
        await().untilAsserted(() -> assertThat(admin().getJson("/admin/apps/" + app + "/status").path("queue"))
                .isEmpty());
        JsonNode newest = admin().getJson("/admin/restarts?app=" + app + "&limit=1");
        lastLedgerId = newest.isEmpty() ? 0 : newest.get(0).path("id").asLong();
    }

    /** The ledger rows of this test's decisions. */
    private List<JsonNode> ledger() {
        List<JsonNode> rows = new ArrayList<>();
        admin().getJson("/admin/restarts?app=" + app + "&limit=1000").forEach(row -> {
            if (row.path("id").asLong() > lastLedgerId) {
                rows.add(row);
            }
        });
        return rows;
    }

    private JsonNode inFlight() {
        return admin().getJson("/admin/apps/" + app + "/status").path("inFlight");
    }

    /** Proves the guardian still acts: a real dyno's R14 is acted on within seconds, its call completed. */
    private void aRealR14IsStillActedOn(String dyno) {
        assertThat(drain().post(body().r14(dyno))).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(restarts()).contains(restartOf(dyno)));
        await().untilAsserted(() -> assertThat(ledger()).anySatisfy(row -> {
            assertThat(row.path("dyno").asString()).isEqualTo(dyno);
            assertThat(row.path("outcome").asString()).isEqualTo("restarted");
        }));
    }

    @Test
    void aBareProcessTypeOrAPathNeverReachesThePlatformApi() {
        listed();
        LogplexBody forged = body().r14("web").r14("worker").r14("web.1/../../apps/other/dynos/web.1")
                .r14("web.1?x=1").r14("web.").r14(".1").r14("web..1").r14("web.1%2F..").r14("web.1#")
                .memory("web", "11111111-2222-3333-4444-555555555555", 900, 512);
        assertThat(drain().post(forged)).isEqualTo(204);

        aRealR14IsStillActedOn("web.2");
        assertThat(restarts()).containsExactly(restartOf("web.2"));
        assertThat(ledger()).extracting(r -> r.path("dyno").asString()).containsOnly("web.2");
    }

    @Test
    void aDynoThePlatformDoesNotListIsCountedAndIgnoredWithoutSpendingTheBudget() {
        listed();
        double before = counter("guardian.policy.unlisted", "trigger:memory");

        assertThat(drain().post(body().r14("web.9").r14("web.106734").memory("worker.2",
                "aaaaaaaa-2222-3333-4444-555555555555", 900, 512))).isEqualTo(204);

        await().untilAsserted(() -> assertThat(counter("guardian.policy.unlisted", "trigger:memory"))
                .isEqualTo(before + 3));
        assertThat(restarts()).isEmpty();
        assertThat(ledger()).isEmpty();
        assertThat(admin().getJson("/admin/apps/" + app).path("budgetLeft").asInt()).isEqualTo(10);
        aRealR14IsStillActedOn("web.3");
    }

    @Test
    void anOperatorsRequestForADynoThePlatformDoesNotListIsRefusedWithTheRule() {
        listed();

        var refused = admin().post("/admin/apps/" + app + "/dynos/web.42/restart", "{\"reason\":\"typo\"}");
        var notADyno = admin().post("/admin/apps/" + app + "/dynos/web/restart", "{\"reason\":\"all of them\"}");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(AdminClient.parse(refused.body()).path("rule").asString()).isEqualTo("not-listed");
        assertThat(notADyno.statusCode()).isEqualTo(400);
        assertThat(restarts()).isEmpty();
    }

    @Test
    void aFloodOfInventedDynosStaysBoundedAndARealR14IsActedOnAfterwards() {
        listed();
        long start = System.nanoTime();
        int names = 0;
        for (int body = 0; body < 10; body++) {
            LogplexBody flood = body();
            for (int i = 0; i < 10_000; i++) {
                flood.r14("web." + (100_000 + names++));
            }
            assertThat(flood.bytes().length).isLessThanOrEqualTo(1024 * 1024);
            assertThat(drain().post(flood)).isEqualTo(204);
        }
        double elapsedSeconds = (System.nanoTime() - start) / 1e9;

        aRealR14IsStillActedOn("web.4");
        JsonNode status = admin().getJson("/admin/apps/" + app);
        assertThat(status.path("dynosSeen").asInt()).isLessThanOrEqualTo(300 + LISTED.size());
        assertThat(admin().getJson("/admin/apps/" + app + "/dynos").size()).isLessThanOrEqualTo(300 + LISTED.size());
        assertThat(status.path("budgetLeft").asInt()).isEqualTo(9);
        assertThat(restarts()).containsExactly(restartOf("web.4"));
        assertThat(ledger()).hasSize(1);
        assertThat(counter("guardian.drain.dynos.refused", "table:formation")).isPositive();
        long allowedListings = 2 + (long) Math.ceil((elapsedSeconds + 10) / 2);
        assertThat(heroku.listings(app)).isLessThanOrEqualTo(allowedListings);
    }

    @Test
    void oversizedFieldsNeverStopLaterDecisions() {
        listed();
        String longName = "web." + "9".repeat(400);
        String longState = "x".repeat(5_000);
        LogplexBody poison = body().r14(longName).stateChanged(longName, "up", "crashed")
                .stateChanged("web.1", "up", longState).stateChanged("web.1", longState, "up")
                .heroku("web.1", "State changed from up to " + longState + " because " + "y".repeat(3_000));
        assertThat(drain().post(poison)).isEqualTo(204);

        aRealR14IsStillActedOn("web.5");
        clock.advance(Duration.ofMinutes(2));
        aRealR14IsStillActedOn("web.6");
    }

    /** A uuid is one dyno's incarnation: another dyno's lines carrying it (forged) do not make that dyno restarted. */
    @Test
    void aRestartedDynosUuidInAnotherDynosLinesNeverSilencesThatDyno() {
        listed();
        String uuid = UUID.randomUUID().toString();
        assertThat(drain().post(body().memory("web.7", uuid, 600, 512))).isEqualTo(204);
        await().untilAsserted(() -> assertThat(ledger()).extracting(r -> r.path("outcome").asString())
                .containsExactly("restarted"));
        clock.advance(Duration.ofMinutes(2));

        assertThat(drain().post(body().memory("web.8", uuid, 300, 512).r14("web.8"))).isEqualTo(204);
        await().untilAsserted(() -> assertThat(restarts()).containsExactly(restartOf("web.7"), restartOf("web.8")));
    }

    @Test
    void forgedUpLinesDoNotLetTheNextRestartOfTheTypeBeginSooner() {
        listed();
        LogplexBody storm = body();
        IntStream.rangeClosed(1, 8).forEach(i -> storm.r14("web." + i));
        assertThat(drain().post(storm)).isEqualTo(204);
        await().untilAsserted(() -> assertThat(restarts()).hasSize(1));

        for (int i = 0; i < 20; i++) {
            LogplexBody up = body();
            IntStream.rangeClosed(1, 8).forEach(d -> up.stateChanged("web." + d, "starting", "up"));
            drain().post(up);
        }

        await().untilAsserted(() -> assertThat(inFlight()).singleElement().satisfies(slot ->
                assertThat(java.time.Instant.parse(slot.path("settleBy").asString())).isEqualTo(
                        java.time.Instant.parse(slot.path("startedAt").asString()).plusSeconds(20))));
        assertThat(restarts()).hasSize(1);
        assertThat(admin().getJson("/admin/apps/" + app + "/status").path("queue")).hasSize(7);

        clock.advance(Duration.ofSeconds(20));
        await().untilAsserted(() -> assertThat(restarts()).hasSize(2));
    }
}
