package dev.dynoguardian.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LegacyEnvironmentTest {

    @Test
    void mapsEveryConfigVarOfTheR14RestarterAndTheSlayer() {
        Map<String, Object> mapped = LegacyEnvironment.map(Map.of(
                "DRAIN_PASSWORD", "pw",
                "APP_ID_OR_NAME", "shop",
                "AUTH_TOKEN", "tok",
                "DYNO_TYPES", "web,worker",
                "WEB_RESTART_THRESHOLD", "90%",
                "WORKER_RESTART_THRESHOLD", "1024",
                "WEB_RESTART_WINDOW", "900",
                "MY_WORKER_RESTART_WINDOW", "15m",
                "SLACK_WEBHOOK_URL", "https://hooks.slack.com/x"));

        assertThat(mapped).containsOnly(
                Map.entry("guardian.drain.password", "pw"),
                Map.entry("guardian.app", "shop"),
                Map.entry("guardian.heroku.api-token", "tok"),
                Map.entry("guardian.memory.dyno-types", "web,worker"),
                Map.entry("guardian.memory.thresholds[web]", "90%"),
                Map.entry("guardian.memory.thresholds[worker]", "1024"),
                Map.entry("guardian.policy.windows[web]", "900s"),
                Map.entry("guardian.policy.windows[my_worker]", "15m"),
                Map.entry("guardian.notify.slack-webhook-url", "https://hooks.slack.com/x"));
    }

    @Test
    void theSlayersNamesAreAliasesThatTheRestartersNamesOverride() {
        assertThat(LegacyEnvironment.map(Map.of("HEROKU_APP_NAME", "slayer-app", "HEROKU_API_KEY", "k")))
                .containsOnly(Map.entry("guardian.app", "slayer-app"), Map.entry("guardian.heroku.api-token", "k"));
        assertThat(LegacyEnvironment.map(Map.of("HEROKU_APP_NAME", "slayer-app", "APP_ID_OR_NAME", "shop")))
                .containsEntry("guardian.app", "shop");
    }

    @Test
    void blankValuesAreIgnored() {
        assertThat(LegacyEnvironment.map(Map.of("DRAIN_PASSWORD", " ", "WEB_RESTART_THRESHOLD", ""))).isEmpty();
    }
}
