package dev.dynoguardian.restart;

import dev.dynoguardian.drain.DynoName;
import java.util.Optional;

/**
 * A request to act on one dyno, from the memory guardian, the latency guardian or an operator. Nothing acts on a
 * dyno except through {@link RestartPolicy#submit}. Only a name that is one dyno can make a request: never a bare
 * process type (which the Platform API would take as "every dyno of the type") or a path.
 *
 * @param app            the Heroku app
 * @param dyno           the dyno name ({@code web.1})
 * @param incarnation    the uuid of the dyno incarnation the evidence is about, when known
 * @param trigger        who asked
 * @param action         restart or stop
 * @param reason         the signal in a few words ({@code R14}, {@code memory threshold}, {@code latency outlier})
 * @param evidence       what was seen ({@code 768 MB of 512 MB quota}); recorded and notified
 * @param formationWide  set by the memory guardian when many dynos of the type are over their limit at once
 * @param check          re-checked against the newest evidence before a queued request is carried out
 * @param carriedOut     told the action's ledger id once the API call succeeded, whether the request was carried out
 *                       at once or later from the queue; not for dry-run, refused or failed requests
 */
public record RestartRequest(String app, String dyno, String incarnation, Trigger trigger, DynoAction action,
                             String reason, String evidence, boolean formationWide, EvidenceCheck check,
                             CarriedOut carriedOut) {

    public RestartRequest {
        if (app == null || dyno == null || trigger == null || action == null) {
            throw new IllegalArgumentException("app, dyno, trigger and action are required");
        }
        if (!DynoName.isDyno(dyno)) {
            throw new IllegalArgumentException("'" + abbreviated(dyno) + "' is not one dyno (like web.1)");
        }
        if (incarnation != null && (incarnation.isEmpty() || incarnation.length() > MAX_INCARNATION)) {
            throw new IllegalArgumentException("an incarnation is a dyno uuid of at most " + MAX_INCARNATION
                    + " characters");
        }
        reason = reason == null ? "" : reason;
        evidence = evidence == null ? "" : evidence;
        check = check == null ? EvidenceCheck.ALWAYS : check;
        carriedOut = carriedOut == null ? CarriedOut.NOBODY : carriedOut;
    }

    /**
     * The memory guardian asks to restart a dyno over its limit; {@code check} tells, while it waits, whether the
     * dyno still is.
     */
    public static RestartRequest memory(String app, String dyno, String incarnation, String reason, String evidence,
                                        boolean formationWide, EvidenceCheck check) {
        return new RestartRequest(app, dyno, incarnation, Trigger.MEMORY, DynoAction.RESTART, reason, evidence,
                formationWide, check, null);
    }

    /**
     * The latency guardian asks to act on an outlier; {@code check} tells, while it waits, whether the dyno still
     * stands out, and {@code carriedOut} hears when the call succeeded.
     */
    public static RestartRequest latency(String app, String dyno, DynoAction action, String evidence,
                                         EvidenceCheck check, CarriedOut carriedOut) {
        return new RestartRequest(app, dyno, null, Trigger.LATENCY, action, "latency outlier", evidence, false, check,
                carriedOut);
    }

    /** An operator asks, giving {@code why}; the request is decided as it stands, whatever waits. */
    public static RestartRequest operator(String app, String dyno, DynoAction action, String operator, String why) {
        return new RestartRequest(app, dyno, null, Trigger.OPERATOR, action, "operator " + operator, why, false, null,
                null);
    }

    /** A rolling restart's request: a restart with its own budget, behind the reactive requests of its type. */
    public static RestartRequest planned(String app, String dyno, String evidence, EvidenceCheck check) {
        return new RestartRequest(app, dyno, null, Trigger.PLANNED, DynoAction.RESTART, "rolling restart", evidence,
                false, check, null);
    }

    private static final int MAX_INCARNATION = 100;

    private static String abbreviated(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    public String processType() {
        return DynoName.type(dyno);
    }

    /** Whether the evidence behind a request still holds. */
    @FunctionalInterface
    public interface EvidenceCheck {

        EvidenceCheck ALWAYS = Optional::empty;

        /** Empty when the evidence still holds; otherwise why the request should be discarded. */
        Optional<String> staleReason();
    }

    /** Told when the policy has carried a request out. */
    @FunctionalInterface
    public interface CarriedOut {

        CarriedOut NOBODY = ledgerId -> { };

        /** The API call for the request succeeded; {@code ledgerId} is the action's ledger row. */
        void carriedOut(long ledgerId);
    }
}
