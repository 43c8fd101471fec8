package dev.dynoguardian.status;

import java.time.Instant;
import java.util.List;

/**
 * The guardian at a glance ({@code GET /admin/status}): its own pause, dry-run, and every watched app.
 *
 * @param paused   the guardian's pause is in force (an app's own pause shows on the app)
 * @param reason   of the guardian's pause, or null
 * @param until    when the guardian's pause ends by itself, or null
 * @param pausedBy who paused the guardian, or null
 */
public record GuardianOverview(boolean paused, String reason, Instant until, String pausedBy, boolean dryRun,
                               List<AppStatus> apps) {
}
