package dev.dynoguardian.latency;

import static dev.dynoguardian.system.Logfmt.value;

import dev.dynoguardian.notify.Notification;
import dev.dynoguardian.notify.Notifier;
import dev.dynoguardian.heroku.PlatformFormation.PlatformDyno;
import dev.dynoguardian.restart.RestartLedger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * After a latency action, judges the replacement by the {@link Grounds} the old dyno was acted on for, once the
 * replacement is up and has enough requests: its latency (the method's statistic) against the bar the old one crossed,
 * its error rate against the error-rate bar. Records "helped" or "did not help" on the action's ledger row with the
 * numbers of both dynos, and notifies when it did not help. The actions waiting to be judged are kept in the database
 * ({@link PendingVerifications}), so that whichever instance runs the check judges them, after a restart too.
 */
@Component
class LatencyVerifier {

    private static final String HELPED = "helped";
    private static final String DID_NOT_HELP = "did not help";

    private static final Logger log = LoggerFactory.getLogger(LatencyVerifier.class);

    private final Set<Long> clearedHere = ConcurrentHashMap.newKeySet();
    private final PendingVerifications pending;
    private final LatencyWindows windows;
    private final RestartLedger ledger;
    private final Notifier notifier;

    LatencyVerifier(PendingVerifications pending, LatencyWindows windows, RestartLedger ledger, Notifier notifier) {
        this.pending = pending;
        this.windows = windows;
        this.ledger = ledger;
        this.notifier = notifier;
    }

    /** An action carried out on a dyno, for the reasons in {@code grounds}. */
    record Pending(String app, String dyno, long ledgerId, Grounds grounds, Instant actedAt, boolean collecting) {
    }

    void watch(String app, String dyno, long ledgerId, Grounds grounds, Instant actedAt) {
        try {
            pending.add(new Pending(app, dyno, ledgerId, grounds, actedAt, false));
        } catch (RuntimeException e) {
            log.error("latency-verify app={} dyno={} ledger={} result=unverified detail={}", value(app), value(dyno),
                    ledgerId, value("could not be recorded: " + e));
        }
    }

    /**
     * Judges the app's replacements that are ready; gives up on those older than {@code settings.verifyWithin}. This
     * instance's window of a replacement holds only the replacement's requests: it is cleared when this instance first
     * sees the replacement up, whichever instance saw it before, and of the buckets {@code others} published only those
     * that began after the replacement came up and after this instance cleared its window count.
     */
    void verify(String app, List<PlatformDyno> platform, LatencySettings settings, Instant now,
                Map<String, List<SharedBucket>> others) {
        List<Pending> due = pending.of(app);
        clearedHere.retainAll(due.stream().map(Pending::ledgerId).toList());
        for (Pending p : due) {
            boolean late = now.isAfter(p.actedAt().plus(settings.verifyWithin()));
            if (!p.collecting()) {
                Optional<PlatformDyno> replacement = platform.stream().filter(d -> d.name().equals(p.dyno())
                        && d.up() && d.upSince() != null && d.upSince().isAfter(p.actedAt())).findFirst();
                if (replacement.isPresent()) {
                    pending.collecting(p.ledgerId());
                    windows.clear(app, p.dyno(), now.toEpochMilli());
                    clearedHere.add(p.ledgerId());
                } else if (late) {
                    give(p, "no replacement came up within " + settings.verifyWithin());
                }
                continue;
            }
            if (clearedHere.add(p.ledgerId())) {
                windows.clear(app, p.dyno(), now.toEpochMilli());
            }
            long upSince = platform.stream().filter(d -> d.name().equals(p.dyno()) && d.upSince() != null)
                    .mapToLong(d -> d.upSince().toEpochMilli()).max().orElse(p.actedAt().toEpochMilli());
            var snapshot = windows.snapshot(app, p.dyno(), now.toEpochMilli(), others.getOrDefault(p.dyno(), List.of()),
                    Math.max(upSince, p.actedAt().toEpochMilli()));
            Optional<Grounds.Reading> reading = snapshot.map(w -> p.grounds().read(w, settings.minSamples()));
            if (reading.filter(Grounds.Reading::standsOut).isPresent()) {
                judge(p, false, reading.get().detail());
            } else if (reading.filter(r -> r.complete(p.grounds())).isPresent()) {
                judge(p, true, reading.get().detail());
            } else if (late) {
                give(p, "the replacement served too few requests within " + settings.verifyWithin()
                        + reading.map(r -> ": " + r.detail()).orElse(""));
            }
        }
    }

    private void judge(Pending p, boolean helped, String numbers) {
        String result = helped ? HELPED : DID_NOT_HELP;
        String detail = "replacement " + numbers;
        pending.done(p.ledgerId(), () -> ledger.verify(p.ledgerId(), result, detail));
        log.info("latency-verify app={} dyno={} result={} detail={}", value(p.app()), value(p.dyno()), value(result),
                value(detail));
        if (!helped) {
            notifier.notify(new Notification(Notification.Kind.DID_NOT_HELP, p.app(), p.dyno(), p.app() + ": replacing "
                    + p.dyno() + " did not help: " + detail + ". The cause may be the app or a dependency."));
        }
    }

    private void give(Pending p, String why) {
        pending.done(p.ledgerId(), () -> ledger.verify(p.ledgerId(), "unverified", why));
        log.info("latency-verify app={} dyno={} result=unverified detail={}", value(p.app()), value(p.dyno()),
                value(why));
    }
}
