package dev.dynoguardian.admin;

import dev.dynoguardian.restart.LedgerEntry;
import dev.dynoguardian.restart.Pause;
import dev.dynoguardian.restart.PauseControl;
import dev.dynoguardian.restart.PolicyOverview;
import dev.dynoguardian.restart.RestartLedger;
import dev.dynoguardian.system.GuardianProperties;
import dev.dynoguardian.system.WatchedApps;
import jakarta.validation.Valid;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Pause and resume, status and the restart ledger ({@code /admin/**}, admin credentials only). */
@RestController
@RequestMapping(path = "/admin", produces = "application/json")
class AdminController {

    private static final int MAX_LIMIT = 1000;

    private final PauseControl pauses;
    private final PolicyOverview overview;
    private final RestartLedger ledger;
    private final WatchedApps apps;
    private final GuardianProperties guardian;
    private final Clock clock;

    AdminController(PauseControl pauses, PolicyOverview overview, RestartLedger ledger, WatchedApps apps,
                    GuardianProperties guardian, Clock clock) {
        this.pauses = pauses;
        this.overview = overview;
        this.ledger = ledger;
        this.apps = apps;
        this.guardian = guardian;
        this.clock = clock;
    }

    @PostMapping("/pause")
    Map<String, Object> pause(@Valid @RequestBody(required = false) PauseRequest body, Principal who) {
        PauseRequest request = body == null ? new PauseRequest(null, null, null, null) : body;
        String app = knownApp(request.app());
        Pause pause = pauses.pause(app, request.reason(), until(request), who.getName());
        return pauseView(pause, app);
    }

    @PostMapping("/resume")
    Map<String, Object> resume(@RequestBody(required = false) ResumeRequest body, Principal who) {
        String app = knownApp(body == null ? null : body.app());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scope", app == null ? "guardian" : app);
        out.put("resumed", pauses.resume(app, who.getName()));
        return out;
    }

    @GetMapping("/status")
    Map<String, Object> status() {
        Pause global = pauses.active(null).orElse(null);
        Map<String, Object> out = pauseView(global, null);
        out.put("dryRun", guardian.dryRun());
        List<Map<String, Object>> perApp = apps.names().stream().map(this::appStatus).toList();
        out.put("apps", perApp);
        return out;
    }

    @GetMapping("/restarts")
    List<LedgerEntry> restarts(@RequestParam(required = false) String app,
                               @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        return ledger.recent(knownApp(app), limit);
    }

    private Map<String, Object> appStatus(String app) {
        Map<String, Object> out = pauseView(pauses.active(app).orElse(null), app);
        PolicyOverview.AppPolicyState state = overview.state(app);
        out.put("inFlight", state.inFlight());
        out.put("queue", state.queue().stream().map(q -> Map.of("dyno", q.request().dyno(),
                "trigger", q.request().trigger().tag(), "rule", q.rule().tag(), "since", q.since(),
                "reason", q.request().reason(), "evidence", q.request().evidence())).toList());
        out.put("budgetLeft", state.budgetLeft());
        out.put("budgetPerHour", state.budgetPerHour());
        return out;
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

    private String knownApp(String app) {
        if (app == null || app.isBlank()) {
            return null;
        }
        if (apps.find(app).isEmpty()) {
            throw new dev.dynoguardian.restart.UnknownAppException(app);
        }
        return app;
    }
}
