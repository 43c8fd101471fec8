package dev.dynoguardian.restart;

import dev.dynoguardian.heroku.PlatformFormation;
import dev.dynoguardian.heroku.PlatformFormation.Roster;
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

/**
 * Only real dynos are targets. A request is decided only about a dyno the Platform API's latest list names, and only
 * while that list is at most {@code guardian.heroku.formation-max-age} old. Otherwise the request is parked here and a
 * fresh list is asked for (at most one list call per app per {@code guardian.heroku.formation-refresh}); once a list
 * newer than the one it met has arrived, the request is decided if the list names its dyno and dropped as
 * {@link Rule#NOT_LISTED} if not. At most {@code guardian.drain.max-dynos} requests are parked per app, one per dyno
 * (the newest evidence winning) except those someone waits for (an operator's). With {@code guardian.dry-run=true}, which calls no API, every request passes. Used on
 * the policy thread only.
 */
final class FormationGate {

    /** What to do with a request now. */
    enum Check { LISTED, UNLISTED, WAIT }

    /**
     * A request waiting since {@code since} for a list newer than {@code generation}; {@code answer} is null for
     * fire-and-forget ones.
     */
    record Parked(RestartRequest request, CompletableFuture<PolicyResult> answer, long generation, Instant since) {
    }

    /** The generation of a request that has not met any list yet. */
    static final long NEVER = -1;

    private final PlatformFormation platform;
    private final Clock clock;
    private final boolean dryRun;
    private final Duration maxAge;
    private final int maxParked;
    private final Map<String, LinkedHashMap<String, Parked>> parked = new HashMap<>();

    FormationGate(PlatformFormation platform, Clock clock, boolean dryRun, Duration maxAge, int maxParked) {
        this.platform = platform;
        this.clock = clock;
        this.dryRun = dryRun;
        this.maxAge = maxAge;
        this.maxParked = maxParked;
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
        LinkedHashMap<String, Parked> app = parked.computeIfAbsent(r.app(), a -> new LinkedHashMap<>());
        String key = answer == null ? r.dyno() : r.dyno() + "#" + System.identityHashCode(answer);
        Parked previous = app.remove(key);
        if (previous == null && app.size() >= maxParked) {
            return false;
        }
        app.put(key, new Parked(r, answer, generation, previous == null ? since : previous.since()));
        platform.refresh(r.app());
        return true;
    }

    /**
     * The requests of the app that a newer list can now decide, in the order they were parked; the others stay, and a
     * fresh list is asked for them.
     */
    List<Parked> release(String app) {
        LinkedHashMap<String, Parked> waiting = parked.get(app);
        if (waiting == null || waiting.isEmpty()) {
            return List.of();
        }
        long generation = platform.roster(app).map(Roster::generation).orElse(0L);
        List<Parked> ready = new ArrayList<>();
        for (Iterator<Parked> it = waiting.values().iterator(); it.hasNext(); ) {
            Parked p = it.next();
            if (generation > p.generation()) {
                ready.add(p);
                it.remove();
            }
        }
        if (!waiting.isEmpty()) {
            platform.refresh(app);
        }
        return ready;
    }

    /** Every request still parked, removed: the guardian stops. */
    List<Parked> drain() {
        List<Parked> all = new ArrayList<>();
        parked.values().forEach(app -> all.addAll(app.values()));
        parked.clear();
        return all;
    }
}
