/**
 * The read model of what the guardian sees and did, per app and per dyno, behind the admin API, the status page
 * and the per-dyno and per-app gauges.
 */
package dev.dynoguardian.status;
