package dev.dynoguardian.latency;

import static dev.dynoguardian.system.Logfmt.value;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Result of one check, meant to be logged as one line with {@link #summary()}.
 *
 * @param method    the rule applied
 * @param statistic the latency statistic judged ({@code trimmed-mean} for ROBUST, {@code mean} for SLAYER)
 * @param decision  ACT, NONE, HOLD or SYSTEMIC
 * @param reason    human-readable reason for the decision
 * @param dynos     every dyno of the check, in input order
 * @param outliers  names of the outlier dynos, non-empty only for ACT; the caller picks one. Under SYSTEMIC
 *                  the assessments still carry the findings of whoever stood out
 * @param warnings     things worth a look that did not stop the check
 * @param undersampled fewer than half of the dynos had enough timed requests: one of the warnings says so, and the
 *                     check logs it at WARN (the slayer's "at least half with enough timings, otherwise warn")
 */
record Analysis(DetectionMethod method, String statistic, Decision decision, String reason,
                List<DynoAssessment> dynos, List<String> outliers, List<String> warnings, boolean undersampled) {

    Analysis {
        dynos = List.copyOf(dynos);
        outliers = List.copyOf(outliers);
        warnings = List.copyOf(warnings);
    }

    boolean shouldAct() {
        return decision == Decision.ACT;
    }

    /** Why each outlier is one, e.g. {@code web.3: trimmed-mean 412 ms > 231 ms (...)}; empty if none. */
    String why() {
        return dynos.stream().filter(DynoAssessment::outlier)
                .map(d -> d.dyno() + ": " + String.join(", ", d.findings()))
                .collect(Collectors.joining("; "));
    }

    /**
     * One logfmt line: {@code decision=ACT method=ROBUST statistic=trimmed-mean outliers=web.3 reason=...}. Every
     * value goes through {@link dev.dynoguardian.system.Logfmt}, since dyno names come from the drain.
     */
    String summary() {
        long candidates = dynos.stream().filter(d -> d.eligibility() == Eligibility.CANDIDATE).count();
        StringBuilder line = new StringBuilder(256)
                .append("decision=").append(value(decision.name()))
                .append(" method=").append(value(method.name()))
                .append(" statistic=").append(value(statistic))
                .append(" outliers=").append(outliers.isEmpty() ? "none" : value(String.join(",", outliers)))
                .append(" candidates=").append(candidates).append('/').append(dynos.size())
                .append(" reason=").append(value(reason));
        if (!outliers.isEmpty()) {
            line.append(" why=").append(value(why()));
        }
        line.append(" dynos=").append(value(dynos.stream().map(DynoAssessment::compact)
                .collect(Collectors.joining("; "))));
        if (!warnings.isEmpty()) {
            line.append(" warnings=").append(value(String.join("; ", warnings)));
        }
        return line.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}
