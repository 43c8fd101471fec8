package dev.dynoguardian.restart;

/**
 * The answer to a request: the outcome so far (an action under way is {@code pending}), the deciding rule and why.
 *
 * @param ledgerId the ledger row, or 0 when the request was absorbed without a new row (already queued, or a
 *                 duplicate of a decision just recorded)
 */
public record PolicyResult(Outcome outcome, Rule rule, String detail, long ledgerId) {
}
