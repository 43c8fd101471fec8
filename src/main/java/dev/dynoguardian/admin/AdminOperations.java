package dev.dynoguardian.admin;

import dev.dynoguardian.restart.LedgerEntry;
import dev.dynoguardian.restart.Pause;
import dev.dynoguardian.restart.PauseControl;
import dev.dynoguardian.restart.RestartLedger;
import dev.dynoguardian.restart.UnknownAppException;
import dev.dynoguardian.status.GuardianOverview;
import dev.dynoguardian.status.GuardianStatus;
import dev.dynoguardian.system.GuardianProperties;
import dev.dynoguardian.system.WatchedApps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;

/** What the admin endpoints do, global or per app: validation of the requests, and their answers. */
@Component
class AdminOperations {

    private static final int MAX_LIMIT = 1000;

    private final PauseControl pauses;
    private final RestartLedger ledger;
    private final WatchedApps apps;
    private final GuardianProperties guardian;
    private final GuardianStatus guardianStatus;
    private final Clock clock;

    AdminOperations(PauseControl pauses, RestartLedger ledger, WatchedApps apps, GuardianProperties guardian,
                    GuardianStatus status, Clock clock) {
        this.pauses = pauses;
        this.guardianStatus = status;
        this.ledger = ledger;
        this.apps = apps;
        this.guardian = guardian;
        this.clock = clock;
    }

    Map<String, Object> pause(PauseRequest request, String who) {
        String app = knownOrNull(request.app());
        return pauseView(pauses.pause(app, request.reason(), until(request), who), app);
    }

    Map<String, Object> resume(String app, String who) {
        String scope = knownOrNull(app);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scope", scope == null ? "guardian" : scope);
        out.put("resumed", pauses.resume(scope, who));
        return out;
    }

    GuardianOverview status() {
        return guardianStatus.overview(apps.names(), guardian.dryRun());
    }

    List<LedgerEntry> restarts(String app, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        return ledger.recent(knownOrNull(app), limit);
    }

    /** The app name when this guardian watches it; otherwise a 404. */
    String known(String app) {
        if (apps.find(app).isEmpty()) {
            throw new UnknownAppException(app);
        }
        return app;
    }

    private String knownOrNull(String app) {
        return app == null || app.isBlank() ? null : known(app);
    }

    private static Map<String, Object> pauseView(Pause pause, String app) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (app != null) {
            out.put("app", app);
        }
        out.put("paused", pause != null);
        out.put("reason", pause == null ? null : pause.reason());
        out.put("until", pause == null ? null : pause.until());
        out.put("pausedBy", pause == null ? null : pause.pausedBy());
        return out;
    }

    private Instant until(PauseRequest request) {
        boolean hasDuration = request.duration() != null && !request.duration().isBlank();
        if (hasDuration && request.until() != null) {
            throw new IllegalArgumentException("give either duration or until, not both");
        }
        if (hasDuration) {
            Duration d;
            try {
                d = DurationStyle.detectAndParse(request.duration().trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("duration '" + request.duration() + "' is not a duration like 30m,"
                        + " 2h or PT45M");
            }
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("duration must be positive");
            }
            return clock.instant().plus(d);
        }
        if (request.until() != null && !request.until().isAfter(clock.instant())) {
            throw new IllegalArgumentException("until must be in the future");
        }
        return request.until();
    }
}
