package dev.dynoguardian.restart;

import dev.dynoguardian.drain.DrainProperties;
import dev.dynoguardian.heroku.HerokuProperties;
import dev.dynoguardian.heroku.PlatformFormation;
import dev.dynoguardian.heroku.PlatformFormation.Roster;
import dev.dynoguardian.system.GuardianProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/**
 * Only real dynos are targets. A request is decided only about a dyno the Platform API's latest list names, and only
 * while that list is at most {@code guardian.heroku.formation-max-age} old. Otherwise the request is parked here and a
 * fresh list is asked for (at most one list call per app per {@code guardian.heroku.formation-refresh}); once a list
 * newer than the one it met has arrived, the request is decided if the list names its dyno and dropped as
 * {@link Rule#NOT_LISTED} if not. Requests are parked one per dyno (the newest evidence winning) except those someone
 * waits for (an operator's); a dyno the latest list names always finds a place, while at most
 * {@code guardian.drain.max-dynos} requests about other names wait per app, so invented names cannot crowd out a real
 * dyno's request. With {@code guardian.dry-run=true}, which calls no API, every request passes. Used on
 * the policy thread only.
 */
@Component
class FormationGate {

    /** What to do with a request now. */
    enum Check { LISTED, UNLISTED, WAIT }

    /**
     * A request waiting since {@code since} for a list newer than {@code generation}; {@code answer} is null for
     * fire-and-forget ones; {@code listed}: the list it met named its dyno (it only waits for a fresher one).
     */
    record Parked(RestartRequest request, CompletableFuture<PolicyResult> answer, long generation, Instant since,
                  boolean listed) {
    }

    /** The generation of a request that has not met any list yet. */
    static final long NEVER = -1;

    private final PlatformFormation platform;
    private final Clock clock;
    private final boolean dryRun;
    private final Duration maxAge;
    private final int maxParked;
    private final Map<String, Waiting> parked = new HashMap<>();

    FormationGate(PlatformFormation platform, Clock clock, GuardianProperties guardian, HerokuProperties heroku,
                  DrainProperties drain) {
        this.platform = platform;
        this.clock = clock;
        this.dryRun = guardian.dryRun();
        this.maxAge = heroku.formationMaxAge();
        this.maxParked = drain.maxDynos();
    }

    /** Whether the request can be decided, is about a dyno that does not exist, or must wait for a fresh list. */
    Check check(RestartRequest r, long seenGeneration) {
        if (dryRun) {
            return Check.LISTED;
        }
        Optional<Roster> roster = platform.roster(r.app());
        if (roster.isEmpty() || roster.get().generation() <= seenGeneration) {
            return Check.WAIT;
        }
        Roster list = roster.get();
        if (!list.lists(r.dyno())) {
            return seenGeneration == NEVER ? Check.WAIT : Check.UNLISTED;
        }
        return clock.instant().isAfter(list.fetchedAt().plus(maxAge)) ? Check.WAIT : Check.LISTED;
    }

    /**
     * Whether a request that waited in a queue (and was listed when it joined) may be decided now: the latest list
     * must be recent enough and still name the dyno.
     */
    Check recheck(RestartRequest r) {
        if (dryRun) {
            return Check.LISTED;
        }
        Optional<Roster> roster = platform.roster(r.app());
        if (roster.isEmpty() || clock.instant().isAfter(roster.get().fetchedAt().plus(maxAge))) {
            return Check.WAIT;
        }
        return roster.get().lists(r.dyno()) ? Check.LISTED : Check.UNLISTED;
    }

    /**
     * Parks the request until a list newer than the current one arrives, and asks for it. False when the app already
     * has as many requests parked as it may: the request is dropped (the next evidence asks again).
     */
    boolean park(RestartRequest r, CompletableFuture<PolicyResult> answer, Instant since) {
        long generation = platform.roster(r.app()).map(Roster::generation).orElse(0L);
        Waiting app = parked.computeIfAbsent(r.app(), a -> new Waiting());
        String key = answer == null ? r.dyno() : r.dyno() + "#" + System.identityHashCode(answer);
        boolean listed = platform.lists(r.app(), r.dyno());
        Parked previous = app.byKey.get(key);
        if (previous == null && !listed && app.unlisted >= maxParked) {
            return false;
        }
        app.put(key, new Parked(r, answer, generation, previous == null ? since : previous.since(), listed));
        platform.refresh(r.app());
        return true;
    }

    /**
     * The requests of the app that a newer list can now decide, in the order they were parked; the others stay, and a
     * fresh list is asked for them.
     */
    List<Parked> release(String app) {
        Waiting waiting = parked.get(app);
        if (waiting == null || waiting.byKey.isEmpty()) {
            return List.of();
        }
        long generation = platform.roster(app).map(Roster::generation).orElse(0L);
        List<Parked> ready = waiting.takeOlderThan(generation);
        if (!waiting.byKey.isEmpty()) {
            platform.refresh(app);
        }
        return ready;
    }

    /** Every request still parked, removed: the guardian stops. */
    List<Parked> drain() {
        List<Parked> all = new ArrayList<>();
        parked.values().forEach(app -> all.addAll(app.byKey.values()));
        parked.clear();
        return all;
    }

    /** One app's parked requests, in the order they were parked, and how many of them their list did not name. */
    private static final class Waiting {
        final LinkedHashMap<String, Parked> byKey = new LinkedHashMap<>();
        int unlisted;

        void put(String key, Parked p) {
            Parked replaced = byKey.remove(key);
            byKey.put(key, p);
            unlisted += (p.listed() ? 0 : 1) - (replaced == null || replaced.listed() ? 0 : 1);
        }

        List<Parked> takeOlderThan(long generation) {
            List<Parked> taken = new ArrayList<>();
            for (Iterator<Parked> it = byKey.values().iterator(); it.hasNext(); ) {
                Parked p = it.next();
                if (generation > p.generation()) {
                    taken.add(p);
                    it.remove();
                    unlisted -= p.listed() ? 0 : 1;
                }
            }
            return taken;
        }
    }
}
