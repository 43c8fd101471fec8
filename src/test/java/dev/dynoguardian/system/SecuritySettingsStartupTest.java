package dev.dynoguardian.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dynoguardian.support.GuardianRunner;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A throttling setting out of its range stops the guardian at start-up, naming the setting. */
class SecuritySettingsStartupTest {

    private static final Map<String, String> ENV = Map.of("APP_ID_OR_NAME", "shop", "AUTH_TOKEN", "t",
            "DRAIN_PASSWORD", "p");

    @ParameterizedTest
    @CsvSource({
        "guardian.security.failed-auth-burst, 0",
        "guardian.security.failed-auth-burst, -3",
        "guardian.security.failed-auth-refill, 0s",
        "guardian.security.failed-auth-refill, -6s",
        "guardian.security.failed-auth-refill, 2d",
        "guardian.security.failed-auth-clients, 0"
    })
    void refusesToStart(String property, String value) {
        Map<String, Object> settings = GuardianRunner.baseSettings();
        settings.put(property, value);

        assertThatThrownBy(() -> GuardianRunner.start(ENV, settings))
                .satisfies(e -> assertThat(messages(e)).contains(property + " must be"));
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
