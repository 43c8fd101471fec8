/**
 * Notifications to Slack and a generic JSON webhook, sent off the deciding threads with timeouts and a bounded
 * queue, made inert for each receiver.
 */
package dev.dynoguardian.notify;
