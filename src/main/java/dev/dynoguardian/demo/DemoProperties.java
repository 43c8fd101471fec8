package dev.dynoguardian.demo;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The playground's simulated formation ({@code guardian.demo.*}, read only with the {@code demo} profile). Times are
 * simulated time; {@code speed} runs the simulation that many times faster than real time.
 *
 * @param webDynos          web dynos in the formation
 * @param workerDynos       worker dynos in the formation
 * @param speed             simulated seconds per real second
 * @param requestsPerSecond router lines per web dyno per simulated second
 * @param latencyMs         median response time of a healthy web dyno
 * @param leakingDyno       the dyno that leaks memory until R14 (empty: none)
 * @param leakRateMb        its leak, in MB per simulated second
 * @param slowDyno          the dyno that turns slow (empty: none)
 * @param slowAfter         when it turns slow
 * @param slowFactor        how much slower it gets
 * @param flappingDyno      a dyno that leaks so fast that restarting it does not help (empty: none)
 * @param deployAfter       when a deploy restarts every dyno (0: never)
 * @param bootTime          how long a restarted dyno takes to come up
 * @param rollAfter         when a rolling restart of the web dynos starts (0: never; the status page's button starts
 *                          one at any time)
 */
@Validated
@ConfigurationProperties("guardian.demo")
public record DemoProperties(
        @DefaultValue("6") @Min(1) int webDynos,
        @DefaultValue("2") @Min(0) int workerDynos,
        @DefaultValue("1.0") @DecimalMin("0.1") double speed,
        @DefaultValue("5") @Min(1) int requestsPerSecond,
        @DefaultValue("120") @Min(1) int latencyMs,
        @DefaultValue("web.2") String leakingDyno,
        @DefaultValue("3.0") double leakRateMb,
        @DefaultValue("web.4") String slowDyno,
        @DefaultValue("20s") Duration slowAfter,
        @DefaultValue("3.0") @DecimalMin("1.0") double slowFactor,
        @DefaultValue("worker.2") String flappingDyno,
        @DefaultValue("4m") Duration deployAfter,
        @DefaultValue("8s") Duration bootTime,
        @DefaultValue("8m") Duration rollAfter) {
}
