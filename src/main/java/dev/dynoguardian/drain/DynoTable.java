package dev.dynoguardian.drain;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Per-app state keyed by dyno names that come from the drain, bounded so that invented names can neither grow memory
 * nor crowd out real dynos. Dynos the {@link DynoDirectory} lists (the Platform API's own list) have room for
 * {@code capacity} entries per app; any other valid name goes on probation, with room for {@code probation} entries per
 * app, and moves over once the platform lists it. A name that finds no room is refused, counted in
 * {@code guardian.drain.dynos.refused{app,table}} and reported to the directory, so that a genuinely new dyno is listed
 * after the next (rate-limited) refresh. Safe from any thread; a bound may be exceeded by the number of threads
 * admitting at the same moment.
 *
 * @param <V> the state kept per dyno
 */
public final class DynoTable<V> {

    private final Map<String, Tables<V>> apps = new ConcurrentHashMap<>();
    private final String name;
    private final int capacity;
    private final int probation;
    private final DynoDirectory directory;
    private final MeterRegistry meters;

    private record Tables<V>(Map<String, V> listed, Map<String, V> probation) {
        Tables() {
            this(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        }
    }

    /**
     * @param name      the {@code table} tag of the refusal counter
     * @param capacity  entries per app for dynos the platform lists
     * @param probation entries per app for names it does not list (yet)
     */
    public DynoTable(String name, int capacity, int probation, DynoDirectory directory, MeterRegistry meters) {
        this.name = name;
        this.capacity = capacity;
        this.probation = probation;
        this.directory = directory;
        this.meters = meters;
    }

    /** The dyno's entry, or null. */
    public V get(String app, String dyno) {
        Tables<V> t = apps.get(app);
        if (t == null) {
            return null;
        }
        V listed = t.listed().get(dyno);
        return listed != null ? listed : t.probation().get(dyno);
    }

    /**
     * The dyno's entry, created when there is room for it; null when the table refuses the name (also any name that is
     * not one dyno's, {@link DynoName#isDyno}).
     */
    public V admit(String app, String dyno, Function<String, V> create) {
        if (dyno == null) {
            return null;
        }
        Tables<V> t = apps.get(app);
        V entry = t == null ? null : t.listed().get(dyno);
        if (entry != null) {
            return entry;
        }
        if (!DynoName.isDyno(dyno)) {
            return null;
        }
        if (t == null) {
            t = apps.computeIfAbsent(app, a -> new Tables<>());
        }
        boolean listed = directory.lists(app, dyno);
        if (!listed) {
            entry = t.probation().get(dyno);
            if (entry != null) {
                return entry;
            }
            directory.unlistedSeen(app);
        }
        Map<String, V> room = listed ? t.listed() : t.probation();
        if (room.size() >= (listed ? capacity : probation)) {
            meters.counter("guardian.drain.dynos.refused", "app", app, "table", name).increment();
            return null;
        }
        V promoted = listed ? t.probation().remove(dyno) : null;
        return room.computeIfAbsent(dyno, promoted != null ? d -> promoted : create);
    }

    /** Removes the dyno's entry if it is still {@code value}. */
    public void remove(String app, String dyno, V value) {
        Tables<V> t = apps.get(app);
        if (t != null && !t.listed().remove(dyno, value)) {
            t.probation().remove(dyno, value);
        }
    }

    /** Removes every entry of the app that matches. */
    public void removeIf(String app, Predicate<V> expired) {
        Tables<V> t = apps.get(app);
        if (t != null) {
            t.listed().values().removeIf(expired);
            t.probation().values().removeIf(expired);
        }
    }

    /** Every entry of the app, by dyno name. */
    public void forEach(String app, BiConsumer<String, V> action) {
        Tables<V> t = apps.get(app);
        if (t != null) {
            t.listed().forEach(action);
            t.probation().forEach(action);
        }
    }

    /** How many dynos of the app have an entry. */
    public int size(String app) {
        Tables<V> t = apps.get(app);
        return t == null ? 0 : t.listed().size() + t.probation().size();
    }
}
