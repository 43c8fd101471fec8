/**
 * Health beyond the database: drain freshness (the guardian is blind without platform lines) and the Heroku API's
 * circuit breaker.
 */
package dev.dynoguardian.health;
