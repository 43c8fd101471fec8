/**
 * The Heroku Platform API client: an {@code @HttpExchange} interface behind one rate limiter, circuit breaker and
 * retry, polite with Heroku's shared rate limit. Only the restart package calls it.
 */
package dev.dynoguardian.heroku;
