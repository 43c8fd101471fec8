package dev.dynoguardian.drain;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The formations as the drain sees them: per app, each dyno that sent a platform line recently, its last state
 * ({@code State changed from X to Y}) and incarnation, and when the app's last platform line arrived. Silence is
 * unknown, not healthy: a dyno not heard from for {@code guardian.drain.dyno-ttl} drops out of its formation.
 * <p>
 * A line's own timestamp counts as no later than its arrival, so a line dated in the future cannot outrank the ones
 * that follow it. A dyno last seen going down counts as up again once the router has served a request from it well
 * after the state change: the line {@code State changed from starting to up} may have gone to another guardian instance, or been
 * lost with an {@code L10}. The router gives up on a request after 30 s, so a router line stamped more than
 * {@link #ROUTER_PROOF_AFTER} after the state change cannot belong to the process that was stopping.
 * <p>
 * At most {@code guardian.drain.max-dynos} dynos are tracked per app ({@link DynoTable}): names the platform lists
 * are always tracked, invented ones only while there is room.
 */
@Component
public class FormationView implements DrainListener {

    private static final Set<String> DOWN_STATES = Set.of("crashed", "down", "starting");
    static final long ROUTER_PROOF_AFTER = 35_000;

    private static final long SWEEP_MILLIS = 60_000;

    private final DynoTable<Sighting> sightings;
    private final Map<String, Long> lastPlatformLine = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSweep = new ConcurrentHashMap<>();
    private final long dynoTtlMillis;
    private final Clock clock;

    public FormationView(DrainProperties properties, Clock clock, DynoDirectory directory, MeterRegistry meters) {
        this.dynoTtlMillis = properties.dynoTtl().toMillis();
        this.clock = clock;
        this.sightings = new DynoTable<>("formation", properties.maxDynos(), properties.maxDynos(), directory, meters);
    }

    /**
     * One dyno as last seen. {@code state} is null until a state change was seen; {@code stateSince} is when that
     * change arrived, {@code firstSeen} when this instance first heard from the dyno (since start-up, within the TTL).
     */
    public record DynoSeen(String dyno, String state, String incarnation, Instant lastSeen, Instant stateSince,
                           Instant firstSeen) {
    }

    /** How many dynos of a type exist, are down now, and run, as far as the drain shows. */
    public record TypeCounts(int size, int down, int running) {
    }

    /**
     * A dyno's state as reported by the platform at {@code at} (the line's own timestamp, epoch millis), which arrived
     * at {@code receivedAt} (the guardian's clock, epoch millis).
     */
    public record StateAt(String state, long at, long receivedAt) {

        public boolean down() {
            return DOWN_STATES.contains(state);
        }
    }

    @Override
    public void onBatch(DrainBatch batch) {
        boolean platform = false;
        long receivedAt = batch.receivedAt();
        long forgotten = receivedAt - dynoTtlMillis;
        sweep(batch.app(), receivedAt);
        for (HerokuEvent event : batch.events()) {
            String dyno = event.dyno();
            if (event instanceof HerokuEvent.AppLine) {
                continue;
            }
            platform = true;
            if (dyno == null) {
                continue;
            }
            Sighting s = sightings.get(batch.app(), dyno);
            if (s != null && s.lastSeen < forgotten) {
                sightings.remove(batch.app(), dyno, s);
                s = null;
            }
            if (s == null) {
                s = sightings.admit(batch.app(), dyno, d -> new Sighting(receivedAt));
                if (s == null) {
                    continue;
                }
            }
            s.lastSeen = receivedAt;
            if (event instanceof HerokuEvent.MemorySample m && m.incarnation() != null) {
                s.incarnation = m.incarnation();
            } else if (event instanceof HerokuEvent.LoadSample l && l.incarnation() != null) {
                s.incarnation = l.incarnation();
            } else if (event instanceof HerokuEvent.Lifecycle l && l.kind() == HerokuEvent.Lifecycle.Kind.STATE_CHANGED) {
                s.changeState(l.to(), Math.min(l.at(), receivedAt), receivedAt);
            } else if (event instanceof HerokuEvent.RouterRequest r && r.code() == null && s.state != null
                    && DOWN_STATES.contains(s.state) && Math.min(r.at(), receivedAt) > s.stateAt + ROUTER_PROOF_AFTER) {
                s.changeState("up", Math.min(r.at(), receivedAt), receivedAt);
            }
        }
        if (platform) {
            lastPlatformLine.put(batch.app(), batch.receivedAt());
        }
    }

    /** Once a minute per app, forgets dynos silent for the dyno TTL, so that silent invented names free their room. */
    private void sweep(String app, long now) {
        Long last = lastSweep.get(app);
        if (last == null || now - last > SWEEP_MILLIS) {
            lastSweep.put(app, now);
            sightings.removeIf(app, s -> s.lastSeen < now - dynoTtlMillis);
        }
    }

    /**
     * Counts for one process type. Dynos in {@code notDown} (the dyno a decision is about, restarts already counted
     * as in flight) are never counted as down. {@code shared} holds states other guardian instances saw; for each
     * dyno the newer of the two reports wins.
     */
    public TypeCounts counts(String app, String type, Collection<String> notDown, Map<String, StateAt> shared) {
        long cutoff = clock.millis() - dynoTtlMillis;
        int[] counts = new int[2];
        sightings.forEach(app, (name, s) -> {
            if (s.lastSeen < cutoff || !DynoName.type(name).equals(type)) {
                return;
            }
            counts[0]++;
            StateAt elsewhere = shared.get(name);
            StateAt state = elsewhere != null && (s.state == null || elsewhere.at() > s.stateAt) ? elsewhere
                    : s.state == null ? null : new StateAt(s.state, s.stateAt, s.stateSince);
            if (!notDown.contains(name) && state != null && state.down()) {
                counts[1]++;
            }
        });
        return new TypeCounts(counts[0], counts[1], counts[0] - counts[1]);
    }

    /** Every dyno of the app seen within the dyno TTL, by name; dynos silent for longer are forgotten. */
    public List<DynoSeen> dynos(String app) {
        long cutoff = clock.millis() - dynoTtlMillis;
        sightings.removeIf(app, s -> s.lastSeen < cutoff);
        List<DynoSeen> out = new ArrayList<>();
        sightings.forEach(app, (name, s) -> out.add(new DynoSeen(name, s.state, s.incarnation,
                Instant.ofEpochMilli(s.lastSeen), s.stateSince == 0 ? null : Instant.ofEpochMilli(s.stateSince),
                Instant.ofEpochMilli(s.firstSeen))));
        out.sort(Comparator.comparing(DynoSeen::dyno));
        return out;
    }

    /** Whether the dyno sent a platform line within the dyno TTL. */
    public boolean seen(String app, String dyno) {
        Sighting s = sightings.get(app, dyno);
        return s != null && s.lastSeen >= clock.millis() - dynoTtlMillis;
    }

    /**
     * The state changes this instance received for the app's dynos, by dyno: only dynos seen within the dyno TTL and
     * seen changing state.
     */
    public Map<String, StateAt> states(String app) {
        long cutoff = clock.millis() - dynoTtlMillis;
        Map<String, StateAt> out = new HashMap<>();
        sightings.forEach(app, (name, s) -> {
            if (s.lastSeen >= cutoff && s.state != null) {
                out.put(name, new StateAt(s.state, s.stateAt, s.stateSince));
            }
        });
        return out;
    }

    /** When the app's last platform ({@code heroku}) line arrived, or null if none since start-up. */
    public Instant lastPlatformLine(String app) {
        Long at = lastPlatformLine.get(app);
        return at == null ? null : Instant.ofEpochMilli(at);
    }

    private static final class Sighting {
        final long firstSeen;
        volatile long lastSeen;
        volatile String state;
        volatile String incarnation;
        volatile long stateAt;
        volatile long stateSince;

        Sighting(long firstSeen) {
            this.firstSeen = firstSeen;
        }

        void changeState(String to, long at, long receivedAt) {
            if (state == null || at >= stateAt) {
                state = to;
                stateAt = at;
                stateSince = receivedAt;
            }
        }
    }
}
