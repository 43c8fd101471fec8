package dev.dynoguardian.drain;

/**
 * A line of the drain that the guardian understands. Every event except {@link AppLine} comes from a line whose
 * APP-NAME is {@code heroku}, i.e. from the platform itself, never from text the app printed. {@code at} is the
 * message's own timestamp in epoch milliseconds.
 */
public sealed interface HerokuEvent permits HerokuEvent.MemorySample, HerokuEvent.LoadSample, HerokuEvent.MemoryError,
        HerokuEvent.ProcessMemory, HerokuEvent.Lifecycle, HerokuEvent.RouterRequest, HerokuEvent.LogDropped,
        HerokuEvent.AppLine {

    long at();

    /** The dyno the line is about ({@code web.1}), or null for lines about no single dyno. */
    default String dyno() {
        return null;
    }

    /** A {@code log-runtime-metrics} memory sample; {@code quotaMb} is NaN when the line has no quota. */
    record MemorySample(String dyno, String incarnation, double totalMb, double rssMb, double cacheMb, double swapMb,
                        double quotaMb, long at) implements HerokuEvent {
    }

    /** A {@code log-runtime-metrics} load sample. */
    record LoadSample(String dyno, String incarnation, double load1m, double load5m, double load15m, long at)
            implements HerokuEvent {
    }

    /** {@code Error R14 (Memory quota exceeded)} or {@code Error R15 (Memory quota vastly exceeded)}. */
    record MemoryError(String dyno, String code, long at) implements HerokuEvent {
    }

    /** {@code Process running mem=594M(109.6%)}: the memory the platform measured with an R14/R15. */
    record ProcessMemory(String dyno, double mb, double percentOfQuota, long at) implements HerokuEvent {
    }

    /** A dyno lifecycle line: {@code State changed from X to Y}, {@code Restarting} or {@code Cycling}. */
    record Lifecycle(String dyno, Kind kind, String from, String to, long at) implements HerokuEvent {

        public enum Kind { STATE_CHANGED, RESTARTING, CYCLING }

        public boolean cameUp() {
            return kind == Kind.STATE_CHANGED && "up".equals(to);
        }
    }

    /**
     * A router line. {@code dyno} is null when no dyno was chosen; times are -1 when absent; {@code code} is null for a
     * plain request. {@code backendSocket} is true for {@code sock=backend}.
     */
    record RouterRequest(String dyno, int connectMs, int serviceMs, int status, String code, boolean backendSocket,
                         long at) implements HerokuEvent {
    }

    /** Logplex lost lines: {@code Error L10 (output buffer overflow): 500 messages dropped ...}. */
    record LogDropped(long dropped, long at) implements HerokuEvent {
    }

    /** A line the app printed itself (APP-NAME {@code app}); only produced when an app-line pattern is configured. */
    record AppLine(String source, String message, long at) implements HerokuEvent {
    }
}
