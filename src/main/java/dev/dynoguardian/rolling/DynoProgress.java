package dev.dynoguardian.rolling;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where one dyno of a roll's plan stands. */
public enum DynoProgress {
    /** Its turn has not come. */
    WAITING,
    /** Asked of the RestartPolicy: queued, being restarted, or its replacement not yet up and judged. */
    RESTARTING,
    /** Restarted, and its replacement came up and was not found unhealthy. */
    HEALTHY,
    /** Not restarted: fresh already, not up, no longer listed, or refused by a rule of the RestartPolicy. */
    SKIPPED,
    /** Its restart failed, or its replacement was unhealthy or late: the roll stopped there. */
    FAILED,
    /** In dry-run: the RestartPolicy recorded that it would restart it. */
    DRY_RUN;

    @JsonValue
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static DynoProgress of(String tag) {
        return valueOf(tag.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    boolean done() {
        return this != WAITING && this != RESTARTING;
    }
}
