package dev.dynoguardian.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dynoguardian.support.GuardianRunner;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Retention and liveness settings that would lose what the policy still reads, or take a live guardian for a dead one,
 * stop the guardian at start-up, naming the setting.
 */
class LedgerSettingsStartupTest {

    private static final Map<String, String> ENV = Map.of("APP_ID_OR_NAME", "shop", "AUTH_TOKEN", "t",
            "DRAIN_PASSWORD", "p");

    @ParameterizedTest
    @CsvSource({
        "guardian.ledger.state-retention, 5h, guardian.ledger.state-retention (PT5H) is too short: shop's policy",
        "guardian.policy.backoff-max, 3d, guardian.ledger.state-retention (PT48H) is too short",
        "guardian.policy.flap-limit, 60, guardian.ledger.state-retention (PT48H) is too short",
        "guardian.ledger.retention, 12h, guardian.ledger.retention must be at least 1d",
        "guardian.ledger.process-timeout, 9s, guardian.ledger.process-timeout must be at least twice",
        "guardian.ledger.heartbeat-interval, 0s, guardian.ledger.heartbeat-interval must be positive",
        "guardian.ledger.prune-interval, 0s, guardian.ledger.prune-interval must be positive"
    })
    void refusesToStart(String property, String value, String message) {
        Map<String, Object> settings = GuardianRunner.baseSettings();
        settings.put(property, value);

        assertThatThrownBy(() -> GuardianRunner.start(ENV, settings))
                .satisfies(e -> assertThat(messages(e)).contains(message));
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
