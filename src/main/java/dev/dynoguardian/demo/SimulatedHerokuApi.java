package dev.dynoguardian.demo;

import dev.dynoguardian.heroku.HerokuProperties;
import dev.dynoguardian.system.Secrets;
import java.time.Instant;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The simulated Heroku Platform API of the playground: list, restart and stop dynos of the simulated formation. */
@RestController
@Profile("demo")
@RequestMapping(path = "/demo/heroku/apps/{app}/dynos", produces = {"application/vnd.heroku+json", "application/json"})
class SimulatedHerokuApi {

    private final SimulatedFormation formation;
    private final DemoProperties demo;
    private final String token;

    SimulatedHerokuApi(SimulatedFormation formation, DemoProperties demo, HerokuProperties heroku) {
        this.formation = formation;
        this.demo = demo;
        this.token = "Bearer " + heroku.apiToken();
    }

    @GetMapping
    ResponseEntity<?> list(@PathVariable String app, @RequestHeader(name = "Authorization", required = false) String auth) {
        if (!Secrets.constantTimeEquals(auth, token)) {
            return error(HttpStatus.UNAUTHORIZED, "unauthorized", "Invalid credentials provided.");
        }
        return ok(HttpStatus.OK, formation.list(app, Instant.now(), demo.speed()));
    }

    @DeleteMapping("/{dyno}")
    ResponseEntity<?> restart(@PathVariable String app, @PathVariable String dyno,
                              @RequestHeader(name = "Authorization", required = false) String auth) {
        return act(dyno, auth, false);
    }

    @PostMapping("/{dyno}/actions/stop")
    ResponseEntity<?> stop(@PathVariable String app, @PathVariable String dyno,
                           @RequestHeader(name = "Authorization", required = false) String auth) {
        return act(dyno, auth, true);
    }

    private ResponseEntity<?> act(String dyno, String auth, boolean stop) {
        if (!Secrets.constantTimeEquals(auth, token)) {
            return error(HttpStatus.UNAUTHORIZED, "unauthorized", "Invalid credentials provided.");
        }
        DemoConfig.CONSOLE.info("[demo] Heroku API: {} {}", stop ? "stop" : "restart", dyno);
        return formation.apiAction(dyno, stop) ? ok(HttpStatus.ACCEPTED, Map.of())
                : error(HttpStatus.NOT_FOUND, "not_found", "Couldn't find that dyno.");
    }

    private static ResponseEntity<?> ok(HttpStatus status, Object body) {
        return ResponseEntity.status(status).header("RateLimit-Remaining", "4400").body(body);
    }

    private static ResponseEntity<?> error(HttpStatus status, String id, String message) {
        return ResponseEntity.status(status).header("RateLimit-Remaining", "4400")
                .body(Map.of("id", id, "message", message));
    }
}
