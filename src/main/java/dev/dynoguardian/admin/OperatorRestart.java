package dev.dynoguardian.admin;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /admin/apps/{app}/dynos/{dyno}/restart}.
 *
 * @param reason why; required, recorded in the ledger and notifications as the operator's
 * @param action {@code restart} (default) or {@code stop}
 */
record OperatorRestart(@NotBlank @Size(max = 200) String reason,
                       @Pattern(regexp = "restart|stop", message = "must be restart or stop") String action) {
}
