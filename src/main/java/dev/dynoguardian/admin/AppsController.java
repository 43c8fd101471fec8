package dev.dynoguardian.admin;

import dev.dynoguardian.drain.DynoName;
import dev.dynoguardian.restart.DynoAction;
import dev.dynoguardian.restart.LedgerEntry;
import dev.dynoguardian.restart.Outcome;
import dev.dynoguardian.restart.PolicyResult;
import dev.dynoguardian.restart.RestartPolicy;
import dev.dynoguardian.restart.RestartRequest;
import dev.dynoguardian.status.AppStatus;
import dev.dynoguardian.status.DynoStatus;
import dev.dynoguardian.status.GuardianStatus;
import dev.dynoguardian.system.WatchedApps;
import jakarta.validation.Valid;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every watched app and its dynos, and the operator's manual restart through the same RestartPolicy
 * ({@code /admin/apps/**}, admin credentials only).
 */
@RestController
@RequestMapping(path = "/admin/apps", produces = {"application/json", "application/problem+json"})
class AppsController {

    private final GuardianStatus status;
    private final RestartPolicy policy;
    private final WatchedApps apps;
    private final AdminOperations operations;

    AppsController(GuardianStatus status, RestartPolicy policy, WatchedApps apps, AdminOperations operations) {
        this.status = status;
        this.policy = policy;
        this.apps = apps;
        this.operations = operations;
    }

    /** Each app with its drain freshness, dynos seen, restarts in the last hour, budget left and pause state. */
    @GetMapping
    List<AppStatus> apps() {
        return apps.names().stream().map(status::app).toList();
    }

    /** The app's status; {@code /status} is the same answer at the path the README has always named. */
    @GetMapping({"/{app}", "/{app}/status"})
    AppStatus app(@PathVariable String app) {
        return status.app(known(app));
    }

    /** Per dyno: state, incarnation, newest memory sample, latency window, last action. */
    @GetMapping("/{app}/dynos")
    List<DynoStatus> dynos(@PathVariable String app) {
        return status.dynos(known(app));
    }

    @GetMapping("/{app}/restarts")
    List<LedgerEntry> restarts(@PathVariable String app, @RequestParam(defaultValue = "50") int limit) {
        return operations.restarts(known(app), limit);
    }

    @PostMapping("/{app}/pause")
    Map<String, Object> pause(@PathVariable String app, @Valid @RequestBody(required = false) PauseRequest body,
                              Principal who) {
        PauseRequest request = body == null ? new PauseRequest(null, null, null, app)
                : new PauseRequest(body.reason(), body.duration(), body.until(), app);
        return operations.pause(request, who.getName());
    }

    @PostMapping("/{app}/resume")
    Map<String, Object> resume(@PathVariable String app, Principal who) {
        return operations.resume(known(app), who.getName());
    }

    /** A manual restart (or stop) through the RestartPolicy: 202 when acted on or queued, 409 when refused. */
    @PostMapping("/{app}/dynos/{dyno}/restart")
    ResponseEntity<?> restart(@PathVariable String app, @PathVariable String dyno,
                              @Valid @RequestBody OperatorRestart body, Principal who) {
        known(app);
        if (!DynoName.isDyno(dyno)) {
            throw new IllegalArgumentException("that is not one dyno's name (like web.1 or web.4ed720fa31-ur8z1)");
        }
        DynoAction action = "stop".equals(body.action()) ? DynoAction.STOP : DynoAction.RESTART;
        RestartRequest request = RestartRequest.operator(app, dyno, action, who.getName(), body.reason());
        PolicyResult result;
        try {
            result = policy.request(request).orTimeout(30, TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        if (result.outcome() == Outcome.SKIPPED) {
            ProblemDetail refused = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "refused by rule " + result.rule().tag() + ": " + result.detail());
            refused.setProperty("outcome", result.outcome().tag());
            refused.setProperty("rule", result.rule().tag());
            refused.setProperty("ledgerId", result.ledgerId());
            return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(refused);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("outcome", result.outcome().tag(),
                "rule", result.rule().tag(), "detail", result.detail(), "ledgerId", result.ledgerId()));
    }

    private String known(String app) {
        return operations.known(app);
    }
}
