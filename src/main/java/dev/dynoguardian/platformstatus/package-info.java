/**
 * Heroku's own status (status.heroku.com): polled every {@code guardian.platform-status.interval} with a timeout and a
 * circuit breaker of its own. While the Apps system is at or above {@code guardian.platform-status.hold-on}, the
 * RestartPolicy holds new reactive and planned actions (rule {@code platform-incident}); an unreachable status API is
 * not an incident. The answer is untrusted input: its size, nesting, systems and texts are bounded.
 */
package dev.dynoguardian.platformstatus;
