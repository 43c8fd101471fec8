package dev.dynoguardian.admin;

import dev.dynoguardian.rolling.Roll;
import dev.dynoguardian.rolling.RollingRestarts;
import jakarta.validation.Valid;
import java.security.Principal;
import java.time.Duration;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rolling restarts on demand ({@code /admin/apps/{app}/rolling-restart}, admin credentials only): start one, see how
 * it stands (with the next scheduled one and the last one's outcome), stop it.
 */
@RestController
@RequestMapping(path = "/admin/apps/{app}/rolling-restart", produces = {"application/json",
        "application/problem+json"})
class RollingController {

    private final RollingRestarts rolls;
    private final AdminOperations operations;

    RollingController(RollingRestarts rolls, AdminOperations operations) {
        this.rolls = rolls;
        this.operations = operations;
    }

    /** Starts a roll: 202 with the roll; 404 for an unknown app, 409 when one runs already, 400 for a bad body. */
    @PostMapping
    ResponseEntity<Roll> start(@PathVariable String app, @Valid @RequestBody RollingRestartRequest body,
                               Principal who) {
        Duration skip = null;
        if (body.skipYoungerThan() != null && !body.skipYoungerThan().isBlank()) {
            try {
                skip = DurationStyle.detectAndParse(body.skipYoungerThan().trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("skip-younger-than must be a duration like 12h, 30m or PT6H");
            }
        }
        Roll roll = rolls.start(operations.known(app), body.reason(), body.dynoTypes(), skip, who.getName());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(roll);
    }

    /** The running roll with each dyno's progress, the last roll's outcome and the next scheduled window. */
    @GetMapping
    RollingRestarts.Overview overview(@PathVariable String app) {
        return rolls.overview(operations.known(app));
    }

    /** Stops the running roll (a restart under way finishes; no further dyno is restarted): 404 when none runs. */
    @DeleteMapping
    Roll stop(@PathVariable String app, Principal who) {
        return rolls.stop(operations.known(app), who.getName());
    }
}
