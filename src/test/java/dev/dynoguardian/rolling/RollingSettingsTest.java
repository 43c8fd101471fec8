package dev.dynoguardian.rolling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dynoguardian.support.GuardianRunner;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.support.CronExpression;

/** The schedule's windows, and a bad schedule or zone stopping the guardian at start-up with the setting's name. */
class RollingSettingsTest {

    private static final Map<String, String> ENV = Map.of("APP_ID_OR_NAME", "shop", "AUTH_TOKEN", "t",
            "DRAIN_PASSWORD", "p");
    private static final CronExpression FOUR_IN_BERLIN = CronExpression.parse("0 0 4 * * *");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aWindowIsOpenFromItsCronTimeUntilTheDeadline() {
        Instant opens = Instant.parse("2026-12-01T03:00:00Z");

        assertThat(RollSchedule.openWindow(FOUR_IN_BERLIN, BERLIN, Duration.ofHours(2), opens.minusSeconds(1)))
                .isEmpty();
        assertThat(RollSchedule.openWindow(FOUR_IN_BERLIN, BERLIN, Duration.ofHours(2), opens)).contains(opens);
        assertThat(RollSchedule.openWindow(FOUR_IN_BERLIN, BERLIN, Duration.ofHours(2),
                opens.plus(Duration.ofMinutes(119)))).contains(opens);
        assertThat(RollSchedule.openWindow(FOUR_IN_BERLIN, BERLIN, Duration.ofHours(2),
                opens.plus(Duration.ofHours(2)))).isEmpty();
        assertThat(RollSchedule.next(FOUR_IN_BERLIN, BERLIN, opens)).contains(opens.plus(Duration.ofDays(1)));
    }

    @Test
    void aBadScheduleStopsTheGuardianNamingTheSetting() {
        Map<String, Object> settings = GuardianRunner.baseSettings();
        settings.put("guardian.rolling.schedule", "every night");
        assertThatThrownBy(() -> GuardianRunner.start(ENV, settings))
                .hasStackTraceContaining("guardian.rolling.schedule 'every night' is not a Spring cron expression");
    }

    @Test
    void aBadZoneOfOneAppStopsTheGuardianNamingTheSetting() {
        Map<String, Object> settings = GuardianRunner.baseSettings();
        settings.put("guardian.apps[0].name", "blog");
        settings.put("guardian.apps[0].drain.password", "q");
        settings.put("guardian.apps[0].rolling.zone", "Mars/Olympus");
        assertThatThrownBy(() -> GuardianRunner.start(ENV, settings))
                .hasStackTraceContaining("guardian.apps[0].rolling")
                .hasStackTraceContaining("guardian.rolling.zone 'Mars/Olympus' is not a time zone");
    }
}
