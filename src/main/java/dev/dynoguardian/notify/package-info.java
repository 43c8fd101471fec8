/**
 * Notifications to Slack and a generic JSON webhook, sent off the deciding threads with timeouts and a bounded
 * queue.
 */
package dev.dynoguardian.notify;
