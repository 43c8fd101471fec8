package dev.dynoguardian.latency;

import dev.dynoguardian.notify.Notification;
import dev.dynoguardian.notify.Notifier;
import dev.dynoguardian.restart.PlatformDynos.PlatformDyno;
import dev.dynoguardian.restart.RestartLedger;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * After a latency action, compares the replacement with the dyno it replaced once the replacement is up and has
 * enough samples: records "helped" or "did-not-help" on the action's ledger row, and notifies when it did not help.
 */
@Component
class LatencyVerifier {

    private static final Logger log = LoggerFactory.getLogger(LatencyVerifier.class);

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final LatencyWindows windows;
    private final RestartLedger ledger;
    private final Notifier notifier;

    LatencyVerifier(LatencyWindows windows, RestartLedger ledger, Notifier notifier) {
        this.windows = windows;
        this.ledger = ledger;
        this.notifier = notifier;
    }

    /** An action on a slow dyno; {@code statisticMs} is what it measured, {@code thresholdMs} the bar it crossed. */
    record Pending(String app, String dyno, long ledgerId, double statisticMs, double thresholdMs, Instant actedAt,
                   boolean collecting) {
    }

    void watch(String app, String dyno, long ledgerId, double statisticMs, double thresholdMs, Instant actedAt) {
        pending.put(app + "/" + dyno, new Pending(app, dyno, ledgerId, statisticMs, thresholdMs, actedAt, false));
    }

    /** Judges the app's replacements that are ready; gives up on those older than {@code settings.verifyWithin}. */
    void verify(String app, List<PlatformDyno> platform, LatencySettings settings, Instant now) {
        for (Pending p : List.copyOf(pending.values())) {
            if (!p.app().equals(app)) {
                continue;
            }
            String key = app + "/" + p.dyno();
            if (!p.collecting()) {
                Optional<PlatformDyno> replacement = platform.stream().filter(d -> d.name().equals(p.dyno())
                        && d.up() && d.upSince() != null && d.upSince().isAfter(p.actedAt())).findFirst();
                if (replacement.isPresent()) {
                    windows.clear(app, p.dyno());
                    pending.put(key, new Pending(app, p.dyno(), p.ledgerId(), p.statisticMs(), p.thresholdMs(),
                            p.actedAt(), true));
                } else if (now.isAfter(p.actedAt().plus(settings.verifyWithin()))) {
                    give(key, p, "no replacement came up within " + settings.verifyWithin());
                }
                continue;
            }
            var snapshot = windows.snapshot(app, p.dyno(), now.toEpochMilli());
            long samples = snapshot.map(s -> s.histogram().getTotalCount()).orElse(0L);
            if (samples >= settings.minSamples()) {
                judge(key, p, WindowStatistics.trimmedMean(snapshot.get().histogram()), samples, settings);
            } else if (now.isAfter(p.actedAt().plus(settings.verifyWithin()))) {
                give(key, p, "the replacement served only " + samples + " timed requests within "
                        + settings.verifyWithin());
            }
        }
    }

    private void judge(String key, Pending p, double nowMs, long samples, LatencySettings settings) {
        pending.remove(key);
        boolean helped = nowMs <= p.thresholdMs();
        String detail = String.format(Locale.ROOT, "replacement %.0f ms over %d requests vs %.0f ms before "
                + "(threshold %.0f ms)", nowMs, samples, p.statisticMs(), p.thresholdMs());
        ledger.verify(p.ledgerId(), helped ? "helped" : "did-not-help", detail);
        log.info("latency-verify app={} dyno={} result={} detail=\"{}\"", p.app(), p.dyno(),
                helped ? "helped" : "did-not-help", detail);
        if (!helped) {
            notifier.notify(new Notification(Notification.Kind.DID_NOT_HELP, p.app(), p.dyno(), p.app() + ": replacing "
                    + p.dyno() + " did not help: " + detail + ". The slowness may come from the app or a dependency."));
        }
    }

    private void give(String key, Pending p, String why) {
        pending.remove(key);
        ledger.verify(p.ledgerId(), "unverified", why);
        log.info("latency-verify app={} dyno={} result=unverified detail=\"{}\"", p.app(), p.dyno(), why);
    }
}
