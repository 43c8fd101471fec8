package dev.dynoguardian.admin;

import dev.dynoguardian.history.AppHistories;
import dev.dynoguardian.history.AppHistory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The status page's charts: an app's last 15, 60 or 360 minutes ({@code /admin/apps/{app}/history}, admin only). */
@RestController
@RequestMapping(path = "/admin/apps", produces = {"application/json", "application/problem+json"})
class HistoryController {

    private final AppHistories histories;

    HistoryController(AppHistories histories) {
        this.histories = histories;
    }

    /**
     * Per dyno and incarnation memory (MB, quota) and latency (p50, p95) samples, the formation's median latency per
     * process type, the guardian's actions (restart, stop, dry-run) and the pause periods; 400 for other minutes.
     */
    @GetMapping("/{app}/history")
    AppHistory history(@PathVariable String app, @RequestParam(defaultValue = "60") int minutes) {
        return histories.history(app, minutes);
    }
}
