package dev.dynoguardian.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.GuardianRunner;
import dev.dynoguardian.support.HerokuStub;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Ledger rows written before guardians recorded their process name none, so no heartbeat can tell whether their call
 * still runs: it is over once the longest a call can take has passed, and not before.
 */
class PendingRowsOfEarlierVersionsTest {

    private static final HerokuStub heroku = HerokuStub.get();

    @Test
    void aPendingRowWithoutProcessIsResolvedOnceTheLongestCallIsOver() throws SQLException {
        String app = "pending-before-processes";
        heroku.reset(app);
        String url = "jdbc:h2:file:./target/h2/" + UUID.randomUUID()
                + "/guardian;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        Map<String, Object> settings = GuardianRunner.baseSettings();
        settings.put("spring.datasource.url", url);
        Map<String, String> env = Map.of("APP_ID_OR_NAME", app, "DRAIN_PASSWORD", "pw", "AUTH_TOKEN", "t",
                "ADMIN_PASSWORD", "admin-pw", "HEROKU_API_URL", heroku.url());
        GuardianRunner.start(env, new HashMap<>(settings)).close();
        Instant now = Instant.now();
        try (Connection c = DriverManager.getConnection(url)) {
            insertPendingWithoutProcess(c, app, "web.7", now.minus(Duration.ofHours(1)));
            insertPendingWithoutProcess(c, app, "web.8", now);
        }

        try (ConfigurableApplicationContext guardian = GuardianRunner.start(env, new HashMap<>(settings))) {
            List<JsonNode> rows = new ArrayList<>();
            new AdminClient(GuardianRunner.port(guardian), "admin", "admin-pw").getJson("/admin/restarts?app=" + app)
                    .forEach(rows::add);
            assertThat(rows).extracting(r -> r.path("dyno").asString(), r -> r.path("outcome").asString())
                    .containsExactly(tuple("web.8", "pending"), tuple("web.7", "unknown"));
        }
    }

    private static void insertPendingWithoutProcess(Connection c, String app, String dyno, Instant at)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO restart_ledger (app, dyno, process_type,"
                + " requested_by, action, reason, evidence, rule, outcome, detail, instance, decided_at) VALUES"
                + " (?, ?, 'web', 'memory', 'restart', 'R14', '', 'allowed', 'pending', '', 'old-guardian', ?)")) {
            s.setString(1, app);
            s.setString(2, dyno);
            s.setObject(3, at.atOffset(ZoneOffset.UTC));
            s.executeUpdate();
        }
    }
}
