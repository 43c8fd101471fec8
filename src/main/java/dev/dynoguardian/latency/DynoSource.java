package dev.dynoguardian.latency;

import dev.dynoguardian.drain.DynoName;
import dev.dynoguardian.drain.DynoState;
import dev.dynoguardian.drain.FormationView;
import dev.dynoguardian.drain.FormationView.DynoSeen;
import dev.dynoguardian.heroku.PlatformFormation;
import dev.dynoguardian.heroku.PlatformFormation.PlatformDyno;
import dev.dynoguardian.system.GuardianProperties;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Where a check learns an app's dynos and since when each is up: the Platform API ({@code GET /apps/{app}/dynos}), or
 * with {@code guardian.dry-run=true}, which calls no API at all, the drain. From the drain a dyno is up since its last
 * {@code State changed ... to up} line; a dyno never seen changing state is counted up since this instance first heard
 * from it, which is only a lower bound of its uptime, so after a guardian start the check holds for
 * {@code min-uptime} plus the window.
 */
@Component
class DynoSource {

    private final PlatformFormation platform;
    private final FormationView formation;
    private final boolean dryRun;

    DynoSource(PlatformFormation platform, FormationView formation, GuardianProperties guardian) {
        this.platform = platform;
        this.formation = formation;
        this.dryRun = guardian.dryRun();
    }

    /** The app's dynos; throws {@link dev.dynoguardian.heroku.HerokuApiException} when the API fails. */
    List<PlatformDyno> list(String app) {
        if (!dryRun) {
            return platform.list(app).all();
        }
        return formation.dynos(app).stream().filter(d -> !DynoName.isOneOff(d.dyno())).map(DynoSource::of).toList();
    }

    private static PlatformDyno of(DynoSeen d) {
        String type = DynoName.type(d.dyno());
        if (d.state() == null) {
            return new PlatformDyno(d.dyno(), type, DynoState.UP, d.firstSeen());
        }
        DynoState state = DynoState.of(d.state());
        return new PlatformDyno(d.dyno(), type, state, state == DynoState.UP ? d.stateSince() : null);
    }
}
