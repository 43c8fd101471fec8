/**
 * The operators' HTTP API: pause and resume, status, the ledger, apps and dynos, manual restarts, and its OpenAPI
 * document. Admin credentials only; errors are problem details.
 */
package dev.dynoguardian.admin;
