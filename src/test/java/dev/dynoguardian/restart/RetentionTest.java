package dev.dynoguardian.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.DrainClient;
import dev.dynoguardian.support.GuardianRunner;
import dev.dynoguardian.support.HerokuStub;
import dev.dynoguardian.support.LogplexBody;
import dev.dynoguardian.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Nothing grows without end: the policy's shared state goes after {@code guardian.ledger.state-retention} (2 days),
 * ledger rows with their latency verifications after {@code guardian.ledger.retention} (30 days), and what is younger
 * stays. On H2 and PostgreSQL, with the job every 200 ms and the guardian's clock moved by the test.
 */
class RetentionTest {

    private static final HerokuStub heroku = HerokuStub.get();

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.dynoguardian.support.Databases#both")
    void sharedStateGoesAfterTwoDaysAndTheLedgerAfterThirty(String name, Supplier<Map<String, Object>> database) {
        String app = "retention-" + name;
        heroku.reset(app);
        Map<String, Object> settings = GuardianRunner.baseSettings();
        settings.putAll(database.get());
        settings.put("guardian.ledger.prune-interval", "200ms");
        Map<String, String> env = Map.of("APP_ID_OR_NAME", app, "DRAIN_PASSWORD", "pw", "AUTH_TOKEN", "t",
                "ADMIN_PASSWORD", "admin-pw", "HEROKU_API_URL", heroku.url());
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        Instant start = clock.instant();

        try (ConfigurableApplicationContext guardian = GuardianRunner.start(env, settings, clock)) {
            JdbcClient db = guardian.getBean(JdbcClient.class);
            DrainClient drain = new DrainClient(GuardianRunner.port(guardian), "/logs", "pw");
            drain.post(LogplexBody.at(clock.instant()).memory("web.1", UUID.randomUUID().toString(), 768, 512)
                    .stateChanged("web.2", "starting", "up"));
            await().untilAsserted(() -> assertThat(outcomes(guardian, app, "web.1")).isEqualTo("restarted"));
            long old = db.sql("SELECT id FROM restart_ledger WHERE dyno = 'web.1'").query(Long.class).single();
            olderState(db, app, old, start);
            await().untilAsserted(() -> assertThat(count(db, "dyno_state WHERE app = '" + app + "'")).isOne());

            clock.advance(Duration.ofDays(3));
            drain.post(LogplexBody.at(clock.instant()).r14("web.3"));
            await().untilAsserted(() -> assertThat(outcomes(guardian, app, "web.3")).isEqualTo("restarted"));

            await().untilAsserted(() -> {
                assertThat(count(db, "dyno_window WHERE dyno = 'web.1'")).isZero();
                assertThat(count(db, "restarted_incarnation WHERE app = '" + app + "'")).isZero();
                assertThat(count(db, "dyno_state WHERE app = '" + app + "'")).isZero();
                assertThat(count(db, "latency_streak WHERE app = '" + app + "'")).isZero();
                assertThat(count(db, "in_flight WHERE app = 'a-removed-app'")).isZero();
                assertThat(count(db, "guardian_process WHERE process = 'gone#1'")).isZero();
            });
            assertThat(count(db, "dyno_window WHERE dyno = 'web.3'")).as("a recent window").isOne();
            assertThat(count(db, "guardian_process")).as("this guardian's heartbeat").isOne();
            assertThat(count(db, "latency_verification")).as("a ledger row three days old keeps its verification")
                    .isOne();
            assertThat(outcomes(guardian, app, "web.1")).isEqualTo("restarted");

            clock.advance(Duration.ofDays(28));
            await().untilAsserted(() -> assertThat(count(db, "restart_ledger WHERE dyno = 'web.1'")).isZero());
            assertThat(count(db, "latency_verification")).isZero();
            assertThat(outcomes(guardian, app, "web.3")).as("28 days old").isEqualTo("restarted");
        }
    }

    /** State the guardian's own traffic does not leave: a streak, a latency verification, another app, a process. */
    private static void olderState(JdbcClient db, String app, long ledgerId, Instant at) {
        Object then = at.atOffset(ZoneOffset.UTC);
        db.sql("INSERT INTO latency_streak (app, process_type, dyno, streak, checked_at)"
                + " VALUES (:app, 'web', 'web.1', 1, :at)").param("app", app).param("at", then).update();
        db.sql("INSERT INTO latency_verification (ledger_id, app, dyno, statistic, error_rate, acted_at, collecting)"
                        + " VALUES (:id, :app, 'web.1', 'MEAN', 0, :at, FALSE)")
                .param("id", ledgerId).param("app", app).param("at", then).update();
        db.sql("INSERT INTO in_flight (app, dyno, process_type, ledger_id, started_at, settle_by)"
                + " VALUES ('a-removed-app', 'web.1', 'web', 0, :at, :at)").param("at", then).update();
        db.sql("INSERT INTO guardian_process (process, instance, started_at, heartbeat_at)"
                + " VALUES ('gone#1', 'gone', :at, :at)").param("at", then).update();
    }

    private static int count(JdbcClient db, String tableAndCondition) {
        return db.sql("SELECT COUNT(*) FROM " + tableAndCondition).query(Integer.class).single();
    }

    private static String outcomes(ConfigurableApplicationContext guardian, String app, String dyno) {
        StringBuilder outcomes = new StringBuilder();
        new AdminClient(GuardianRunner.port(guardian), "admin", "admin-pw")
                .getJson("/admin/restarts?app=" + app).forEach(r -> {
                    if (r.path("dyno").asString().equals(dyno)) {
                        outcomes.append(outcomes.isEmpty() ? "" : ",").append(r.path("outcome").asString());
                    }
                });
        return outcomes.toString();
    }
}
