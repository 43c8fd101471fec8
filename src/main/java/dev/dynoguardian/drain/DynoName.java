package dev.dynoguardian.drain;

import java.util.Set;

/** Facts about Heroku dyno names ({@code web.1}, {@code run.6221}, Fir's {@code web.4ed720fa31-ur8z1}). */
public final class DynoName {

    private static final Set<String> ONE_OFF_TYPES = Set.of("run", "scheduler", "release");

    private DynoName() {
    }

    /** The process type: the part before the first dot ({@code web} of {@code web.1}). */
    public static String type(String dyno) {
        int dot = dyno.indexOf('.');
        return dot < 0 ? dyno : dyno.substring(0, dot);
    }

    /** One-off and system dynos ({@code run.N}, {@code scheduler.N}, {@code release.N}) are never restarted. */
    public static boolean isOneOff(String dyno) {
        return ONE_OFF_TYPES.contains(type(dyno));
    }
}
