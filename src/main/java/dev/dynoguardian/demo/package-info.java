/**
 * The playground (only with the {@code demo} profile): a simulated formation posting to the guardian's own drain and a
 * simulated Platform API answering its restarts.
 */
package dev.dynoguardian.demo;
