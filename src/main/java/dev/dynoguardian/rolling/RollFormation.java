package dev.dynoguardian.rolling;

import dev.dynoguardian.drain.DynoName;
import dev.dynoguardian.drain.DynoState;
import dev.dynoguardian.drain.FormationView;
import dev.dynoguardian.drain.FormationView.DynoSeen;
import dev.dynoguardian.heroku.PlatformFormation;
import dev.dynoguardian.heroku.PlatformFormation.PlatformDyno;
import dev.dynoguardian.restart.LedgerEntry;
import dev.dynoguardian.restart.RestartLedger;
import dev.dynoguardian.system.GuardianProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A roll's view of the formation. The Platform API's list of the app's dynos is the authority on which dynos exist,
 * whether one is {@code up} and since when (drain lines can be forged); in dry-run, which calls no API, the drain's
 * lines and the ledger are all there is: a dyno is up since its last {@code State changed ... to up} line or its last
 * restart in the ledger, whichever is newer; one never seen changing state nor restarted counts as old.
 */
@Component
class RollFormation {

    private static final String RESTARTED = "restarted";

    private final PlatformFormation platform;
    private final FormationView drain;
    private final RestartLedger ledger;
    private final boolean dryRun;

    RollFormation(PlatformFormation platform, FormationView drain, RestartLedger ledger, GuardianProperties guardian) {
        this.platform = platform;
        this.drain = drain;
        this.ledger = ledger;
        this.dryRun = guardian.dryRun();
    }

    /**
     * The app's dynos of the types, in roll order (by type as listed, then by number: web.2 before web.10): listed now
     * ({@code fresh}; throws {@link dev.dynoguardian.heroku.HerokuApiException} when the API fails), or as last listed
     * while a fresh list is asked for.
     */
    List<PlatformDyno> dynos(String app, List<String> types, boolean fresh) {
        List<PlatformDyno> all;
        if (dryRun) {
            all = fromDrain(app);
        } else if (fresh) {
            all = platform.list(app).all();
        } else {
            platform.refresh(app);
            all = platform.roster(app).map(PlatformFormation.Roster::all).orElse(List.of());
        }
        return all.stream().filter(d -> types.contains(d.type()) && !DynoName.isOneOff(d.name()))
                .sorted(Comparator.comparing((PlatformDyno d) -> types.indexOf(d.type()))
                        .thenComparing(d -> number(d.name())).thenComparing(PlatformDyno::name))
                .toList();
    }

    /** Why the dyno is not restarted now (not up, or up for less than {@code skipYoungerThan}), or empty. */
    static Optional<String> skipReason(PlatformDyno d, Duration skipYoungerThan, Instant now) {
        if (!d.up()) {
            return Optional.of("not up (" + (d.state() == null ? "state unknown" : d.state().wire()) + ")");
        }
        if (d.upSince() != null && d.upSince().isAfter(now.minus(skipYoungerThan))) {
            return Optional.of("up since " + d.upSince() + ", less than " + skipYoungerThan + " ago: fresh already");
        }
        return Optional.empty();
    }

    private List<PlatformDyno> fromDrain(String app) {
        Map<String, LedgerEntry> last = ledger.latestPerDyno(app);
        return drain.dynos(app).stream().map(d -> of(d, last.get(d.dyno()))).toList();
    }

    private static PlatformDyno of(DynoSeen d, LedgerEntry lastAction) {
        DynoState state = d.state() == null ? DynoState.UP : DynoState.of(d.state());
        Instant upSince = d.state() == null ? null : d.stateSince();
        if (lastAction != null && RESTARTED.equals(lastAction.outcome())
                && (upSince == null || lastAction.decidedAt().isAfter(upSince))) {
            upSince = lastAction.decidedAt();
        }
        return new PlatformDyno(d.dyno(), DynoName.type(d.dyno()), state, state == DynoState.UP ? upSince : null);
    }

    private static long number(String dyno) {
        String suffix = dyno.substring(dyno.indexOf('.') + 1);
        return !suffix.isEmpty() && suffix.length() < 10 && suffix.chars().allMatch(Character::isDigit)
                ? Long.parseLong(suffix)
                : Long.MAX_VALUE;
    }
}
