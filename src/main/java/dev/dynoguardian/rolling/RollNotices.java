package dev.dynoguardian.rolling;

import static dev.dynoguardian.system.Logfmt.value;

import dev.dynoguardian.notify.Notification;
import dev.dynoguardian.notify.Notification.Kind;
import dev.dynoguardian.notify.Notifier;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What a roll tells people and counts: one notification when it starts and one when it ends (finished, stopped with
 * the reason, abandoned), a log line per step, and the counters {@code guardian.rolling.rolls} and
 * {@code guardian.rolling.dynos}.
 */
@Component
class RollNotices {

    private static final Logger log = LoggerFactory.getLogger("dev.dynoguardian.rolling");
    private static final List<DynoProgress> COUNTED = List.of(DynoProgress.HEALTHY, DynoProgress.SKIPPED,
            DynoProgress.FAILED, DynoProgress.DRY_RUN);
    private static final List<RollState> ENDS = List.of(RollState.FINISHED, RollState.STOPPED, RollState.ABANDONED);

    private final Notifier notifier;
    private final MeterRegistry meters;

    RollNotices(Notifier notifier, MeterRegistry meters, RollingApps apps) {
        this.notifier = notifier;
        this.meters = meters;
        for (String app : apps.names()) {
            ENDS.forEach(state -> meters.counter("guardian.rolling.rolls", "app", app, "outcome", state.tag()));
            COUNTED.forEach(status -> meters.counter("guardian.rolling.dynos", "app", app, "status", status.tag()));
        }
    }

    void started(Roll roll, int planned, int skipped) {
        log.info("rolling-restart app={} roll={} event=started dynos={} skipped={}", value(roll.app()), roll.id(),
                planned, skipped);
        send(Kind.ROLL_STARTED, roll, "rolling restart #" + roll.id() + " started by " + roll.startedBy() + " ("
                + roll.reason() + "): " + planned + " " + String.join("/", roll.dynoTypes())
                + " dyno(s) one at a time, " + skipped + " skipped; deadline " + roll.deadline());
    }

    void dyno(Roll roll, Roll.RollDyno dyno, DynoProgress status, String detail) {
        log.info("rolling-restart app={} roll={} dyno={} status={} detail={}", value(roll.app()), roll.id(),
                value(dyno.dyno()), status.tag(), value(detail));
        if (COUNTED.contains(status)) {
            meters.counter("guardian.rolling.dynos", "app", roll.app(), "status", status.tag()).increment();
        }
    }

    void ended(Roll roll, RollState state, String outcome) {
        log.info("rolling-restart app={} roll={} event={} outcome={}", value(roll.app()), roll.id(), state.tag(),
                value(outcome));
        meters.counter("guardian.rolling.rolls", "app", roll.app(), "outcome", state.tag()).increment();
        Kind kind = switch (state) {
            case FINISHED -> Kind.ROLL_FINISHED;
            case ABANDONED -> Kind.ROLL_ABANDONED;
            default -> Kind.ROLL_STOPPED;
        };
        send(kind, roll, "rolling restart #" + roll.id() + " " + state.tag() + ": " + outcome);
    }

    private void send(Kind kind, Roll roll, String text) {
        notifier.notify(new Notification(kind, roll.app(), null, roll.app() + ": " + text));
    }
}
