package dev.dynoguardian.restart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dynoguardian.restart.PolicySnapshot.WindowState;
import dev.dynoguardian.restart.RuleVerdict.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The RestartPolicy's rules as a pure function, with a fixed clock. */
class PolicyRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final PolicySettings SETTINGS = new PolicySettings(Duration.ofMinutes(10), Map.of(),
            Duration.ofHours(1), 4, Duration.ofHours(6), 1, Duration.ofSeconds(60), 0.25, 10, 100,
            Duration.ofMinutes(10), Duration.ofSeconds(20), 3);

    private static RestartRequest request(String dyno, Trigger trigger) {
        return new RestartRequest("shop", dyno, "uuid-1", trigger, DynoAction.RESTART, "R14", "768 MB of 512 MB quota",
                false, null, null);
    }

    private static PolicySnapshot healthy() {
        return PolicySnapshot.ofType(8);
    }

    private static RuleVerdict decide(PolicySnapshot state) {
        return PolicyRules.decide(SETTINGS, state, request("web.1", Trigger.MEMORY), NOW);
    }

    @Test
    void actsWhenNothingStandsInTheWay() {
        RuleVerdict v = decide(healthy());

        assertThat(v.kind()).isEqualTo(Kind.ACT);
        assertThat(v.rule()).isEqualTo(Rule.ALLOWED);
        assertThat(v.windowAfter()).isEqualTo(new WindowState(NOW, 0, null));
    }

    @Test
    void neverTouchesOneOffDynos() {
        for (String dyno : new String[] {"run.6221", "scheduler.3099", "release.9811"}) {
            assertThat(PolicyRules.decide(SETTINGS, healthy(), request(dyno, Trigger.OPERATOR), NOW).rule())
                    .isEqualTo(Rule.NOT_MONITORED);
        }
    }

    @Test
    void anIncarnationIsRestartedOnlyOnce() {
        assertThat(decide(PolicySnapshot.ofType(8).withIncarnationRestarted(true)).rule())
                .isEqualTo(Rule.INCARNATION);
    }

    @Test
    void oneRestartPerWindowThenAllowedAgain() {
        WindowState restarted = new WindowState(NOW.minus(Duration.ofMinutes(9)), 0, null);
        RuleVerdict inside = decide(state(restarted));
        assertThat(inside.kind()).isEqualTo(Kind.SKIP);
        assertThat(inside.rule()).isEqualTo(Rule.WINDOW);
        assertThat(inside.retryAt()).isEqualTo(NOW.plus(Duration.ofMinutes(1)));

        WindowState older = new WindowState(NOW.minus(Duration.ofMinutes(10)), 0, null);
        assertThat(decide(state(older)).kind()).isEqualTo(Kind.ACT);
    }

    @Test
    void flappingBackOffGrowsExponentiallyThenGivesUp() {
        Instant t = NOW;
        WindowState w = null;
        Duration[] expectedWaits = {Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(40),
            Duration.ofMinutes(80)};
        for (Duration wait : expectedWaits) {
            PolicySnapshot s = state(w);
            RuleVerdict acted = PolicyRules.decide(SETTINGS, s, request("web.1", Trigger.MEMORY), t);
            assertThat(acted.kind()).as("restart at %s", t).isEqualTo(Kind.ACT);
            w = acted.windowAfter();
            Instant relapse = t.plus(Duration.ofMinutes(2));
            w = new WindowState(w.lastRestart(), w.streak(), relapse);
            RuleVerdict early = PolicyRules.decide(SETTINGS, state(w), request("web.1", Trigger.MEMORY),
                    t.plus(wait).minusSeconds(1));
            assertThat(early.kind()).isEqualTo(Kind.SKIP);
            assertThat(early.retryAt()).isEqualTo(t.plus(wait));
            t = t.plus(wait);
        }
        RuleVerdict gaveUp = PolicyRules.decide(SETTINGS, state(w), request("web.1", Trigger.MEMORY), t);
        assertThat(gaveUp.rule()).isEqualTo(Rule.FLAPPING);
        assertThat(gaveUp.detail()).contains("not helping");
    }

    @Test
    void aDynoThatStaysHealthyLongerThanTheFlapWindowDoesNotBackOff() {
        WindowState w = new WindowState(NOW.minus(Duration.ofHours(4)), 3, NOW.minus(Duration.ofMinutes(1)));

        RuleVerdict v = decide(state(w));

        assertThat(v.kind()).isEqualTo(Kind.ACT);
        assertThat(v.windowAfter().streak()).isZero();
    }

    @Test
    void backOffIsCapped() {
        assertThat(PolicyRules.wait(SETTINGS, "web", 12)).isEqualTo(Duration.ofHours(6));
        assertThat(PolicyRules.wait(SETTINGS, "web", 40)).isEqualTo(Duration.ofHours(6));
        assertThat(PolicyRules.wait(SETTINGS, "web", 1)).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void aRequestSoonAfterARestartIsARelapseButNotWithinTheSettleTime() {
        WindowState w = new WindowState(NOW.minus(Duration.ofMinutes(5)), 0, null);
        assertThat(decide(state(w)).relapse()).isTrue();

        WindowState justRestarted = new WindowState(NOW.minusSeconds(10), 0, null);
        assertThat(decide(state(justRestarted)).relapse()).isFalse();
    }

    @Test
    void oneAtATimePerProcessType() {
        RuleVerdict v = decide(PolicySnapshot.ofType(8).withLoad(1, 1, 7).withRestartsLastHour(1));

        assertThat(v.kind()).isEqualTo(Kind.QUEUE);
        assertThat(v.rule()).isEqualTo(Rule.IN_FLIGHT);
    }

    @Test
    void capacityFloorKeepsThreeQuartersOfTheTypeUp() {
        PolicySettings two = new PolicySettings(Duration.ofMinutes(10), Map.of(), Duration.ofHours(1), 4,
                Duration.ofHours(6), 5, Duration.ofSeconds(60), 0.25, 10, 100, Duration.ofMinutes(10),
                Duration.ofSeconds(20), 3);
        PolicySnapshot twoOfEightDown = PolicySnapshot.ofType(8).withLoad(1, 2, 6).withRestartsLastHour(1);
        PolicySnapshot oneOfEightDown = PolicySnapshot.ofType(8).withLoad(1, 1, 7).withRestartsLastHour(1);
        PolicySnapshot oneOfTwoDown = PolicySnapshot.ofType(2).withLoad(0, 1, 1).withRestartsLastHour(1);

        assertThat(PolicyRules.decide(two, twoOfEightDown, request("web.1", Trigger.MEMORY), NOW).rule())
                .isEqualTo(Rule.CAPACITY);
        assertThat(PolicyRules.decide(two, oneOfEightDown, request("web.1", Trigger.MEMORY), NOW).kind())
                .isEqualTo(Kind.ACT);
        assertThat(PolicyRules.decide(two, oneOfTwoDown, request("web.1", Trigger.MEMORY), NOW).rule())
                .isEqualTo(Rule.CAPACITY);
    }

    @Test
    void neverTheOnlyRunningDynoForLatency() {
        PolicySnapshot alone = PolicySnapshot.ofType(1);

        assertThat(PolicyRules.decide(SETTINGS, alone, request("web.1", Trigger.LATENCY), NOW).rule())
                .isEqualTo(Rule.LAST_DYNO);
        assertThat(PolicyRules.decide(SETTINGS, alone, request("web.1", Trigger.MEMORY), NOW).kind())
                .isEqualTo(Kind.ACT);
    }

    @Test
    void overBudgetIsSkippedNotQueued() {
        RuleVerdict v = decide(PolicySnapshot.ofType(8).withRestartsLastHour(10));

        assertThat(v.kind()).isEqualTo(Kind.SKIP);
        assertThat(v.rule()).isEqualTo(Rule.BUDGET);
    }

    /** The snapshot counts the request's own budget class: planned actions for a planned request, others otherwise. */
    @Test
    void plannedRestartsHaveABudgetOfTheirOwn() {
        RestartRequest planned = request("web.1", Trigger.PLANNED);

        assertThat(PolicyRules.decide(SETTINGS, PolicySnapshot.ofType(8).withRestartsLastHour(2), planned,
                NOW).kind()).isEqualTo(Kind.ACT);
        RuleVerdict over = PolicyRules.decide(SETTINGS, PolicySnapshot.ofType(8).withRestartsLastHour(3),
                planned, NOW);
        assertThat(over.rule()).isEqualTo(Rule.BUDGET);
        assertThat(over.detail()).contains("planned budget is 3");
    }

    @Test
    void pausedAndOpenCircuitQueue() {
        Pause pause = new Pause(Pause.GLOBAL, "deploy", "admin", NOW.minusSeconds(5), null);

        assertThat(decide(PolicySnapshot.ofType(8).withPause(pause)).rule())
                .isEqualTo(Rule.PAUSED);
        assertThat(decide(PolicySnapshot.ofType(8).withApiBlocked(Rule.CIRCUIT_OPEN)).rule())
                .isEqualTo(Rule.CIRCUIT_OPEN);
        RuleVerdict held = decide(PolicySnapshot.ofType(8).withApiBlocked(Rule.RATE_LIMITED));
        assertThat(held.kind()).isEqualTo(Kind.QUEUE);
        assertThat(held.rule()).isEqualTo(Rule.RATE_LIMITED);
    }

    @Test
    void aHerokuIncidentQueuesTheGuardiansOwnRequestsButNeverAnOperators() {
        PolicySnapshot incident = PolicySnapshot.ofType(8).withPlatformIncident("Heroku reports Apps red");
        for (Trigger trigger : new Trigger[] {Trigger.MEMORY, Trigger.LATENCY}) {
            RuleVerdict held = PolicyRules.decide(SETTINGS, incident, request("web.1", trigger), NOW);
            assertThat(held.kind()).isEqualTo(Kind.QUEUE);
            assertThat(held.rule()).isEqualTo(Rule.PLATFORM_INCIDENT);
            assertThat(held.detail()).startsWith("Heroku reports Apps red");
        }
        RuleVerdict operator = PolicyRules.decide(SETTINGS, incident, request("web.1", Trigger.OPERATOR), NOW);
        assertThat(operator.kind()).isEqualTo(Kind.ACT);
        assertThat(PolicyRules.withQueue(operator, new PolicyQueues.Standing(3, Rule.PLATFORM_INCIDENT, false), "web")
                .kind()).as("not behind requests only the incident holds").isEqualTo(Kind.ACT);
        Pause pause = new Pause(Pause.GLOBAL, "deploy", "admin", NOW.minusSeconds(5), null);
        assertThat(PolicyRules.decide(SETTINGS, incident.withPause(pause), request("web.1", Trigger.OPERATOR), NOW)
                .rule()).as("a pause still holds operators").isEqualTo(Rule.PAUSED);
    }

    @Test
    void aNewRequestThatCouldActJoinsTheEndOfItsTypesQueue() {
        RuleVerdict v = PolicyRules.withQueue(decide(healthy()), new PolicyQueues.Standing(2, Rule.IN_FLIGHT, false),
                "web");

        assertThat(v.kind()).isEqualTo(Kind.QUEUE);
        assertThat(v.rule()).isEqualTo(Rule.IN_FLIGHT);
        assertThat(v.detail()).contains("behind 2 queued web");
        assertThat(PolicyRules.withQueue(decide(healthy()), PolicyQueues.Standing.HEAD, "web").kind())
                .isEqualTo(Kind.ACT);
    }

    @Test
    void aRequestThatMustWaitWhenTheQueueIsFullIsOneSkip() {
        RuleVerdict inFlight = decide(PolicySnapshot.ofType(8).withLoad(1, 1, 7).withRestartsLastHour(1));

        RuleVerdict v = PolicyRules.withQueue(inFlight, new PolicyQueues.Standing(0, null, true), "web");

        assertThat(v.kind()).isEqualTo(Kind.SKIP);
        assertThat(v.rule()).isEqualTo(Rule.QUEUE_FULL);
        assertThat(PolicyRules.withQueue(decide(PolicySnapshot.ofType(8).withRestartsLastHour(10)),
                new PolicyQueues.Standing(0, null, true), "web").rule()).isEqualTo(Rule.BUDGET);
    }

    private static PolicySnapshot state(WindowState window) {
        return PolicySnapshot.ofType(8).withWindow(window);
    }
}
