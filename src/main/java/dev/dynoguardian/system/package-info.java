/**
 * Cross-cutting set-up: the watched apps and their per-app settings, the seed tools' environment variables, start-up
 * checks (the embedded database on Heroku among them), the logfmt values every log line is written with, security of
 * the operator endpoints (same-origin JSON changes, security headers, throttled guessing), the clock and distributed
 * locks for scheduled checks.
 */
package dev.dynoguardian.system;
