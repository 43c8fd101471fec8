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

    /** Whether the name is one dyno ({@code web.1}, {@code web.4ed720fa31-ur8z1}): never a bare type or a path. */
    public static boolean isDyno(String name) {
        return name != null && name.length() <= 100
                && name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}\\.([1-9][0-9]{0,8}|[a-z0-9]{5,16}-[a-z0-9]{4,10})");
    }

    /** One-off and system dynos ({@code run.N}, {@code scheduler.N}, {@code release.N}) are never restarted. */
    public static boolean isOneOff(String dyno) {
        return ONE_OFF_TYPES.contains(type(dyno));
    }
}
