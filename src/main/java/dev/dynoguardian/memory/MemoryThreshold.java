package dev.dynoguardian.memory;

import java.util.Locale;

/**
 * A restart threshold: an absolute size in MB ({@code 1024}, {@code 1024MB}) or a share of the dyno's quota
 * ({@code 90%}), as the R14 restarter's {@code {TYPE}_RESTART_THRESHOLD} takes it.
 */
public record MemoryThreshold(double megabytes, double percentOfQuota) {

    /** The default: the sample's own quota. */
    static final MemoryThreshold QUOTA = new MemoryThreshold(Double.NaN, 100);

    public MemoryThreshold {
        if (!(megabytes > 0) && !(percentOfQuota > 0)) {
            throw new IllegalArgumentException("a memory threshold must be a positive number of MB or a percentage");
        }
    }

    /** Parses {@code 1024}, {@code 1024MB} or {@code 90%}; used by Spring to convert settings. */
    public static MemoryThreshold valueOf(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        try {
            if (t.endsWith("%")) {
                double percent = Double.parseDouble(t.substring(0, t.length() - 1).trim());
                if (percent <= 0 || percent > 1000) {
                    throw new IllegalArgumentException("a percentage threshold must be between 0 and 1000%: " + text);
                }
                return new MemoryThreshold(Double.NaN, percent);
            }
            String number = t.endsWith("MB") ? t.substring(0, t.length() - 2).trim() : t;
            return new MemoryThreshold(Double.parseDouble(number), Double.NaN);
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("'" + text + "' is not a memory threshold: use MB (1024) or a"
                    + " percentage of the quota (90%)");
        }
    }

    boolean isPercent() {
        return !Double.isNaN(percentOfQuota);
    }

    /** The limit in MB for a dyno with the given quota, or NaN when it depends on a quota that is unknown. */
    double limitMb(double quotaMb) {
        return isPercent() ? quotaMb * percentOfQuota / 100 : megabytes;
    }

    @Override
    public String toString() {
        return isPercent() ? format(percentOfQuota) + "%" : format(megabytes) + " MB";
    }

    static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
