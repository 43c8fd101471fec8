package dev.dynoguardian.admin;

import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * Body of {@code POST /admin/pause}; every field is optional.
 *
 * @param reason   why, shown in status and notifications
 * @param duration how long, like {@code 30m}, {@code 2h} or {@code PT45M}
 * @param until    or until when, as an instant ({@code 2026-11-22T08:00:00Z})
 * @param app      pause only this app; without it the whole guardian pauses
 */
record PauseRequest(@Size(max = 500) String reason, String duration, Instant until, String app) {
}
