package dev.dynoguardian.drain;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The formations as the drain sees them: per app, each dyno that sent a platform line recently, its last state
 * ({@code State changed from X to Y}) and incarnation, and when the app's last platform line arrived. Silence is
 * unknown, not healthy: a dyno not heard from for {@code guardian.drain.dyno-ttl} drops out of its formation.
 */
@Component
public class FormationView implements DrainListener {

    private static final Set<String> DOWN_STATES = Set.of("crashed", "down", "starting");

    private final Map<String, Map<String, Sighting>> apps = new ConcurrentHashMap<>();
    private final Map<String, Long> lastPlatformLine = new ConcurrentHashMap<>();
    private final long dynoTtlMillis;
    private final Clock clock;

    public FormationView(DrainProperties properties, Clock clock) {
        this.dynoTtlMillis = properties.dynoTtl().toMillis();
        this.clock = clock;
    }

    /** One dyno as last seen. {@code state} is null until a state change was seen. */
    public record DynoSeen(String dyno, String state, String incarnation, Instant lastSeen, Instant stateSince) {
    }

    /** How many dynos of a type exist, are down now, and run, as far as the drain shows. */
    public record TypeCounts(int size, int down, int running) {
    }

    @Override
    public void onBatch(DrainBatch batch) {
        Map<String, Sighting> dynos = apps.computeIfAbsent(batch.app(), a -> new ConcurrentHashMap<>());
        boolean platform = false;
        for (HerokuEvent event : batch.events()) {
            String dyno = event.dyno();
            if (event instanceof HerokuEvent.AppLine) {
                continue;
            }
            platform = true;
            if (dyno == null) {
                continue;
            }
            Sighting s = dynos.computeIfAbsent(dyno, d -> new Sighting());
            s.lastSeen = batch.receivedAt();
            if (event instanceof HerokuEvent.MemorySample m && m.incarnation() != null) {
                s.incarnation = m.incarnation();
            } else if (event instanceof HerokuEvent.LoadSample l && l.incarnation() != null) {
                s.incarnation = l.incarnation();
            } else if (event instanceof HerokuEvent.Lifecycle l && l.kind() == HerokuEvent.Lifecycle.Kind.STATE_CHANGED) {
                s.state = l.to();
                s.stateSince = batch.receivedAt();
            }
        }
        if (platform) {
            lastPlatformLine.put(batch.app(), batch.receivedAt());
        }
    }

    /**
     * Counts for one process type. Dynos in {@code notDown} (the dyno a decision is about, restarts already counted
     * as in flight) are never counted as down.
     */
    public TypeCounts counts(String app, String type, Collection<String> notDown) {
        long cutoff = clock.millis() - dynoTtlMillis;
        int size = 0;
        int down = 0;
        for (Map.Entry<String, Sighting> e : apps.getOrDefault(app, Map.of()).entrySet()) {
            Sighting s = e.getValue();
            if (s.lastSeen < cutoff || !DynoName.type(e.getKey()).equals(type)) {
                continue;
            }
            size++;
            if (!notDown.contains(e.getKey()) && s.state != null && DOWN_STATES.contains(s.state)) {
                down++;
            }
        }
        return new TypeCounts(size, down, size - down);
    }

    /** Every dyno of the app seen within the dyno TTL, by name; dynos silent for longer are forgotten. */
    public List<DynoSeen> dynos(String app) {
        Map<String, Sighting> dynos = apps.get(app);
        if (dynos == null) {
            return List.of();
        }
        long cutoff = clock.millis() - dynoTtlMillis;
        dynos.values().removeIf(s -> s.lastSeen < cutoff);
        List<DynoSeen> out = new ArrayList<>();
        dynos.forEach((name, s) -> out.add(new DynoSeen(name, s.state, s.incarnation, Instant.ofEpochMilli(s.lastSeen),
                s.stateSince == 0 ? null : Instant.ofEpochMilli(s.stateSince))));
        out.sort(Comparator.comparing(DynoSeen::dyno));
        return out;
    }

    /** Whether the dyno sent a platform line within the dyno TTL. */
    public boolean seen(String app, String dyno) {
        Sighting s = apps.getOrDefault(app, Map.of()).get(dyno);
        return s != null && s.lastSeen >= clock.millis() - dynoTtlMillis;
    }

    /** When the app's last platform ({@code heroku}) line arrived, or null if none since start-up. */
    public Instant lastPlatformLine(String app) {
        Long at = lastPlatformLine.get(app);
        return at == null ? null : Instant.ofEpochMilli(at);
    }

    private static final class Sighting {
        volatile long lastSeen;
        volatile String state;
        volatile String incarnation;
        volatile long stateSince;
    }
}
