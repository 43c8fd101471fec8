/**
 * Notifications to Slack and a generic JSON webhook, sent off the deciding threads with timeouts and a bounded
 * queue, made inert for each receiver and limited per app and kind to an hourly number.
 */
package dev.dynoguardian.notify;
