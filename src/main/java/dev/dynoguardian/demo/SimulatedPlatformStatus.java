package dev.dynoguardian.demo;

import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The playground's Heroku status page: every system green, no incident. */
@RestController
@Profile("demo")
class SimulatedPlatformStatus {

    @GetMapping(path = "/demo/heroku/platform-status", produces = "application/json")
    Map<String, Object> currentStatus() {
        return Map.of("status", List.of(Map.of("system", "Apps", "status", "green"),
                Map.of("system", "Data", "status", "green"), Map.of("system", "Tools", "status", "green")),
                "incidents", List.of());
    }
}
