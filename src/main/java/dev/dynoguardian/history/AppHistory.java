package dev.dynoguardian.history;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.dynoguardian.restart.PausePeriods;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * One app's last {@code minutes}: per dyno its incarnations' samples, the formation's median latency per process
 * type, the guardian's actions and the pause periods.
 *
 * @param sampleIntervalSeconds {@code guardian.history.sample-interval}
 */
public record AppHistory(String app, int minutes, Instant from, Instant to, long sampleIntervalSeconds,
                         List<DynoHistory> dynos, List<TypeMedian> medians, List<Mark> actions,
                         List<PausePeriods.Period> pauses) {

    /**
     * One dyno name.
     *
     * @param waitingSince when it was restarted (or stopped) with no sample of its new incarnation since, else null
     */
    public record DynoHistory(String dyno, String type, Instant waitingSince, List<Incarnation> incarnations) {
    }

    /** One incarnation's samples, oldest first; its line ends where the next incarnation's begins. */
    public record Incarnation(String incarnation, Double quotaMb, List<Point> points) {
    }

    /** A sample as {@code [epochMillis, memoryMb, p50Ms, p95Ms]}, null where unknown. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"t", "memoryMb", "p50Ms", "p95Ms"})
    @Schema(type = "array", description = "[epochMillis, memoryMb, p50Ms, p95Ms], null where unknown")
    public record Point(long t, Double memoryMb, Double p50Ms, Double p95Ms) {
    }

    /** The median p50 and p95 of a process type's dynos sampled at the same time. */
    public record TypeMedian(String type, List<Point> points) {
    }

    /**
     * An action of the guardian: a restart, a stop, or one dry-run would have made.
     *
     * @param outcome {@code restarted}, {@code stopped}, {@code pending}, {@code dry-run}, {@code unknown} or
     *                {@code failed}
     */
    public record Mark(long ledgerId, String dyno, Instant at, String action, String outcome, String requestedBy,
                       String reason) {
    }
}
