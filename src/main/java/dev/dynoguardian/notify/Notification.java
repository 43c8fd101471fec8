package dev.dynoguardian.notify;

import java.util.Locale;

/**
 * Something people should hear about. {@code text} is the whole human message; the webhook also gets the fields.
 *
 * @param dyno null for app-wide or guardian-wide events
 */
public record Notification(Kind kind, String app, String dyno, String text) {

    /** What happened; the {@code event} field of the webhook payload. */
    public enum Kind {
        RESTARTED, STOPPED, DRY_RUN, FAILED, QUEUED_TOO_LONG, BUDGET_EXHAUSTED, CIRCUIT_OPEN, NOT_HELPING,
        FORMATION_WIDE, LATENCY_SYSTEMIC, DID_NOT_HELP, PAUSED, RESUMED, DRAIN_STALE, DRAIN_RECOVERED,
        /** The instance carrying out an action stopped during its call: the dyno may or may not have been acted on. */
        UNKNOWN_OUTCOME,
        /** Heroku reports the Apps system at or above {@code guardian.platform-status.hold-on}: new actions are held. */
        PLATFORM_INCIDENT,
        /** The platform incident is over (or its status cannot be read): held actions go ahead. */
        PLATFORM_RECOVERED,
        /** A rolling restart began, ended with every dyno done, was stopped (with the reason) or ran past its deadline. */
        ROLL_STARTED, ROLL_FINISHED, ROLL_STOPPED, ROLL_ABANDONED;

        public String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
