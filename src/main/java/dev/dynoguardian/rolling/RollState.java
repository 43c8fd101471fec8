package dev.dynoguardian.rolling;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a roll stands. */
public enum RollState {
    /** Under way: its dynos are restarted one at a time. */
    RUNNING,
    /** Every dyno of its plan was restarted, skipped or (in dry-run) would have been restarted. */
    FINISHED,
    /** Stopped before the end: an unhealthy or late replacement, a rising error rate, a refusal, or an operator. */
    STOPPED,
    /** Its deadline passed with dynos still waiting. */
    ABANDONED;

    @JsonValue
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RollState of(String tag) {
        return valueOf(tag.toUpperCase(Locale.ROOT));
    }
}
