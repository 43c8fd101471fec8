package dev.dynoguardian.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of {@code POST /admin/apps/{app}/rolling-restart}.
 *
 * @param reason          why; required, recorded with the roll, in the ledger and in its notifications
 * @param dynoTypes       the process types to roll; default {@code guardian.rolling.dyno-types}
 * @param skipYoungerThan dynos up for less than this are skipped, like {@code 12h} or {@code 0s}; default
 *                        {@code guardian.rolling.skip-younger-than}
 */
record RollingRestartRequest(@NotBlank @Size(max = 200) String reason,
                             @JsonProperty("dyno-types") @Size(max = 20) List<String> dynoTypes,
                             @JsonProperty("skip-younger-than") @Size(max = 20) String skipYoungerThan) {
}
