/**
 * The memory guardian: turns R14/R15 lines and samples over their type's threshold into restart requests for the
 * RestartPolicy, and keeps each dyno's newest memory reading.
 */
package dev.dynoguardian.memory;
