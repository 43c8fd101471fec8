package dev.dynoguardian.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dynoguardian.support.GuardianRunner;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Misconfiguration fails fast at start-up, naming each missing setting and the variable that sets it. */
class StartupSettingsTest {

    @Test
    void refusesToStartWithoutAppDrainPasswordAndToken() {
        assertThatThrownBy(() -> GuardianRunner.start(Map.of(), GuardianRunner.baseSettings()))
                .rootCause()
                .isInstanceOf(MissingSettingsException.class)
                .satisfies(e -> {
                    FailureAnalysis analysis = new MissingSettingsFailureAnalyzer().analyze(e);
                    assertThat(analysis.getDescription())
                            .contains("guardian.app (env APP_ID_OR_NAME or HEROKU_APP_NAME)")
                            .contains("guardian.heroku.api-token (env AUTH_TOKEN or HEROKU_API_KEY)");
                    assertThat(analysis.getAction()).contains("spring-boot.run.profiles=demo");
                });
    }

    @Test
    void namesTheMissingDrainPassword() {
        assertThatThrownBy(() -> GuardianRunner.start(Map.of("APP_ID_OR_NAME", "shop", "AUTH_TOKEN", "t"),
                GuardianRunner.baseSettings()))
                .rootCause()
                .hasMessageContaining("guardian.drain.password (env DRAIN_PASSWORD)")
                .hasMessageNotContaining("api-token");
    }

    @Test
    void namesABadThreshold() {
        assertThatThrownBy(() -> GuardianRunner.start(Map.of("APP_ID_OR_NAME", "shop", "AUTH_TOKEN", "t",
                "DRAIN_PASSWORD", "p", "WEB_RESTART_THRESHOLD", "lots"), GuardianRunner.baseSettings()))
                .rootCause()
                .hasMessageContaining("memory")
                .hasMessageContaining("'lots' is not a memory threshold");
    }

    @Test
    void refusesAnAdminPasswordEqualToTheDrainPassword() {
        assertThatThrownBy(() -> GuardianRunner.start(Map.of("APP_ID_OR_NAME", "shop", "AUTH_TOKEN", "t",
                "DRAIN_PASSWORD", "same", "ADMIN_PASSWORD", "same"), GuardianRunner.baseSettings()))
                .rootCause()
                .hasMessageContaining("guardian.admin.password (env ADMIN_PASSWORD) must differ");
    }

    @Test
    void namesAnInstanceIdTooLongForTheLedger() {
        Map<String, Object> settings = GuardianRunner.baseSettings();
        settings.put("guardian.instance-id", "i".repeat(101));
        assertThatThrownBy(() -> GuardianRunner.start(Map.of("APP_ID_OR_NAME", "shop", "AUTH_TOKEN", "t",
                "DRAIN_PASSWORD", "p"), settings))
                .hasStackTraceContaining("guardian.instance-id")
                .hasStackTraceContaining("size must be between 0 and 100");
    }
}
