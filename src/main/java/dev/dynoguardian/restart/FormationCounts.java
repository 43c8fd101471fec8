package dev.dynoguardian.restart;

import dev.dynoguardian.drain.DrainProperties;
import dev.dynoguardian.drain.FormationView;
import dev.dynoguardian.drain.FormationView.StateAt;
import dev.dynoguardian.heroku.PlatformFormation;
import dev.dynoguardian.heroku.PlatformFormation.PlatformDyno;
import dev.dynoguardian.heroku.PlatformFormation.Roster;
import dev.dynoguardian.system.GuardianProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Rule 4's counts for one process type: how many dynos it has, how many are down and how many run.
 * <p>
 * With the Platform API (not in dry-run) the type is what the API's latest list says it is, so the drain cannot add
 * dynos to it. A listed dyno is down when the list says so ({@code starting}, {@code crashed}, {@code down}), or when a
 * drain report that arrived after the list says so and the platform has not been asked since the request first met
 * the floor; once asked, the list's word is final. Forged {@code crashed} or {@code down} lines can therefore hold a
 * request for one list call at most: the policy asks for a fresh list whenever the floor holds a request. In dry-run,
 * which calls no API, the counts are the drain's alone.
 */
@Component
class FormationCounts {

    /** How many dynos of a type exist, are down now, and run. */
    record Counts(int size, int down, int running) {
    }

    private final FormationView drain;
    private final SharedDynoStates shared;
    private final PlatformFormation platform;
    private final boolean dryRun;
    private final Duration dynoTtl;

    FormationCounts(FormationView drain, SharedDynoStates shared, PlatformFormation platform,
                    GuardianProperties guardian, DrainProperties properties) {
        this.drain = drain;
        this.shared = shared;
        this.platform = platform;
        this.dryRun = guardian.dryRun();
        this.dynoTtl = properties.dynoTtl();
    }

    /**
     * The type's counts; dynos in {@code notDown} (the dyno a decision is about, restarts already counted as in flight)
     * are never counted as down. {@code since}: when the request first met the rules.
     */
    Counts of(String app, String type, Collection<String> notDown, Instant since, Instant now) {
        Map<String, StateAt> reports = shared.states(app, type, now.minus(dynoTtl));
        Optional<Roster> roster = dryRun ? Optional.empty() : platform.roster(app);
        if (roster.isEmpty()) {
            FormationView.TypeCounts seen = drain.counts(app, type, notDown, reports);
            return new Counts(seen.size(), seen.down(), seen.running());
        }
        Map<String, StateAt> newest = new HashMap<>(reports);
        drain.states(app).forEach((dyno, mine) -> newest.merge(dyno, mine,
                (theirs, own) -> own.receivedAt() >= theirs.receivedAt() ? own : theirs));
        Roster list = roster.get();
        long listedAt = list.fetchedAt().toEpochMilli();
        boolean asked = !list.fetchedAt().isBefore(since);
        int size = 0;
        int down = 0;
        for (PlatformDyno d : list.ofType(type)) {
            size++;
            if (notDown.contains(d.name())) {
                continue;
            }
            StateAt report = newest.get(d.name());
            boolean reportedDown = !asked && report != null && report.down() && report.receivedAt() > listedAt;
            if (d.down() || reportedDown) {
                down++;
            }
        }
        return new Counts(size, down, size - down);
    }
}
