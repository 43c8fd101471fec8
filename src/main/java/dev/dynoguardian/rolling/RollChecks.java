package dev.dynoguardian.rolling;

import dev.dynoguardian.heroku.PlatformFormation.PlatformDyno;
import dev.dynoguardian.latency.LatencyHealth;
import dev.dynoguardian.latency.LatencyHealth.Judgement;
import dev.dynoguardian.latency.LatencyHealth.RouterErrors;
import dev.dynoguardian.restart.LedgerEntry;
import dev.dynoguardian.rolling.Roll.RollDyno;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The roll's closed loop, read-only: is a restarted dyno's replacement up and healthy, and has the router error rate of
 * the rolled types risen since the roll began. {@link RollSteps} acts on the answers.
 */
@Component
class RollChecks {

    /** What became of a restarted dyno's replacement: still {@code WAITING}, {@code HEALTHY} or {@code FAILED}. */
    record Replacement(Health health, String detail) {

        enum Health { WAITING, HEALTHY, FAILED }

        static final Replacement WAITING = new Replacement(Health.WAITING, null);
    }

    private final RollFormation formation;
    private final LatencyHealth latency;

    RollChecks(RollFormation formation, LatencyHealth latency) {
        this.formation = formation;
        this.latency = latency;
    }

    /** The router requests and errors of the listed dynos, the baseline a roll's error rate is compared with. */
    RouterErrors routerErrors(String app, List<PlatformDyno> dynos) {
        return latency.routerErrors(app, dynos);
    }

    /**
     * The restart was sent ({@code last} is its ledger row): the replacement must be listed {@code up} by the Platform
     * API (changed state after the decision; a drain line saying so is not enough) within up-within, then not be an
     * outlier for the latency guardian, which gets health-wait to judge it.
     */
    Replacement replacement(Roll roll, RollDyno d, LedgerEntry last, RollingSettings s, Instant now) {
        List<PlatformDyno> type = formation.dynos(roll.app(), List.of(d.processType()), false);
        Optional<PlatformDyno> replacement = type.stream().filter(p -> p.name().equals(d.dyno()) && p.up()
                && p.upSince() != null && p.upSince().isAfter(last.decidedAt())).findFirst();
        Instant sent = last.completedAt() != null ? last.completedAt() : last.decidedAt();
        if (replacement.isEmpty()) {
            return now.isAfter(sent.plus(s.upWithin()))
                    ? failed("the replacement of " + d.dyno() + " was not listed up within " + s.upWithin()
                    + " of its restart") : Replacement.WAITING;
        }
        Instant upSince = replacement.get().upSince();
        String up = "up after " + Duration.between(sent, upSince).toSeconds() + " s";
        Judgement judged = latency.replacement(roll.app(), d.dyno(), type);
        return switch (judged.health()) {
            case OUTLIER -> failed("the replacement of " + d.dyno() + " is an outlier: " + judged.detail());
            case NOT_JUDGED -> now.isBefore(upSince.plus(s.healthWait())) ? Replacement.WAITING
                    : healthy(up + "; the latency guardian could not judge it within " + s.healthWait() + " ("
                    + judged.detail() + ")");
            case HEALTHY -> healthy(up + "; latency " + judged.detail());
            case NOT_WATCHED -> healthy(up);
        };
    }

    /** Why the roll must stop because the router error rate of the rolled types, judged on enough requests, rose. */
    Optional<String> errorRateRose(Roll roll, RollingSettings s) {
        RouterErrors now = routerErrors(roll.app(), formation.dynos(roll.app(), roll.dynoTypes(), false));
        if (now.requests() < s.errorRateRequests()) {
            return Optional.empty();
        }
        long baseRequests = roll.baseRequests() == null ? 0 : roll.baseRequests();
        double base = baseRequests < s.errorRateRequests() ? 0 : (double) roll.baseErrors() / baseRequests;
        if (now.rate() <= base + s.errorRateRise()) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "the router error rate of %s rose from %.1f %% to %.1f %% (%d of"
                + " %d requests) during the roll", String.join("/", roll.dynoTypes()), 100 * base, 100 * now.rate(),
                now.errors(), now.requests()));
    }

    private static Replacement healthy(String detail) {
        return new Replacement(Replacement.Health.HEALTHY, detail);
    }

    private static Replacement failed(String reason) {
        return new Replacement(Replacement.Health.FAILED, reason);
    }
}
