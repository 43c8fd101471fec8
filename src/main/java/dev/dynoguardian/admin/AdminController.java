package dev.dynoguardian.admin;

import dev.dynoguardian.restart.LedgerEntry;
import dev.dynoguardian.status.GuardianOverview;
import jakarta.validation.Valid;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Pause and resume, status and the restart ledger, guardian-wide ({@code /admin/**}, admin credentials only). */
@RestController
@RequestMapping(path = "/admin", produces = {"application/json", "application/problem+json"})
class AdminController {

    private final AdminOperations operations;

    AdminController(AdminOperations operations) {
        this.operations = operations;
    }

    /** Pauses the guardian, or the app named in the body. */
    @PostMapping("/pause")
    Map<String, Object> pause(@Valid @RequestBody(required = false) PauseRequest body, Principal who) {
        return operations.pause(body == null ? new PauseRequest(null, null, null, null) : body, who.getName());
    }

    /** Lifts the global pause, or the app's named in the body. */
    @PostMapping("/resume")
    Map<String, Object> resume(@RequestBody(required = false) ResumeRequest body, Principal who) {
        return operations.resume(body == null ? null : body.app(), who.getName());
    }

    /** Pause state, dry-run, and per app the restarts in flight, the queue and the budget left. */
    @GetMapping("/status")
    GuardianOverview status() {
        return operations.status();
    }

    /** The ledger, newest first, of one app or all. */
    @GetMapping("/restarts")
    List<LedgerEntry> restarts(@RequestParam(required = false) String app,
                               @RequestParam(defaultValue = "50") int limit) {
        return operations.restarts(app, limit);
    }
}
