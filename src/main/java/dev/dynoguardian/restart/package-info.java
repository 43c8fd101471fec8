/**
 * The RestartPolicy: the one place every action on a dyno is decided (windows, back-off, one at a time, capacity
 * floor, budget, queue, pause, dry-run), recorded in the ledger and carried out through the Heroku client. Shared
 * state lives in the database so several guardian instances behave as one.
 */
package dev.dynoguardian.restart;
