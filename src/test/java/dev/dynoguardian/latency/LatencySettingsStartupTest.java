package dev.dynoguardian.latency;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dynoguardian.support.GuardianRunner;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A latency setting out of its range stops the guardian at start-up, naming the property, even while disabled. */
class LatencySettingsStartupTest {

    private static final Map<String, String> ENV = Map.of("APP_ID_OR_NAME", "shop", "AUTH_TOKEN", "t",
            "DRAIN_PASSWORD", "p");

    @ParameterizedTest
    @CsvSource({
        "guardian.latency.check-interval, 0s, guardian.latency.check-interval",
        "guardian.latency.window, 0s, guardian.latency.window",
        "guardian.latency.min-threshold, -1ms, guardian.latency.min-threshold",
        "guardian.latency.min-uptime, -5s, guardian.latency.min-uptime",
        "guardian.latency.verify-within, 0s, guardian.latency.verify-within",
        "guardian.latency.dyno-types, ' ', guardian.latency.dyno-types",
        "guardian.latency.min-samples, 0, minSamples",
        "guardian.latency.min-ratio, 0.5, minRatio",
        "guardian.latency.method, fastest, guardian.latency.method"
    })
    void refusesToStart(String property, String value, String named) {
        Map<String, Object> settings = GuardianRunner.baseSettings();
        settings.put(property, value);

        assertThatThrownBy(() -> GuardianRunner.start(ENV, settings)).satisfies(e -> org.assertj.core.api.Assertions
                .assertThat(messages(e)).contains(named));
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
