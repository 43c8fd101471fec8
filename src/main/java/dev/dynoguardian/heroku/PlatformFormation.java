package dev.dynoguardian.heroku;

import dev.dynoguardian.drain.DynoDirectory;
import dev.dynoguardian.drain.DynoName;
import dev.dynoguardian.drain.DynoState;
import dev.dynoguardian.system.Background;
import dev.dynoguardian.system.GuardianProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * The formation as the Platform API lists it ({@code GET /apps/{app}/dynos}): the authority on which dynos exist and in
 * which state, since a drain line can name anything. Each app's latest list is kept; a fresh one is fetched on demand
 * (a name the list lacks, an action that needs a recent list) on this component's own thread, at most once per
 * {@code guardian.heroku.formation-refresh} per app however much the drain asks, and once per latency check. With {@code guardian.dry-run=true} no list is ever fetched.
 * Nothing is fetched before the application is ready ({@link ApplicationReadyEvent}): lists asked for while the
 * guardian starts are fetched on the thread that publishes it, so start-up ends with them (the playground's simulated
 * API is the guardian's own server, which does not listen before then, and a refused call would open the
 * {@code heroku-list} circuit breaker).
 */
@Component
public class PlatformFormation implements DynoDirectory, DisposableBean, ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(PlatformFormation.class);

    /**
     * One dyno as the API lists it.
     *
     * @param state   as listed, or null for a state this guardian does not know
     * @param upSince for an {@code up} dyno, its last state change (when it came up); otherwise null
     */
    public record PlatformDyno(String name, String type, DynoState state, Instant upSince) {

        public boolean up() {
            return state == DynoState.UP;
        }

        /** Starting, crashed or down: not serving, and counted against the capacity floor. */
        public boolean down() {
            return state != null && state.down();
        }
    }

    /**
     * An app's dynos as one list call returned them.
     *
     * @param generation counts the app's successful lists, so a caller can wait for one newer than it saw
     */
    public record Roster(Map<String, PlatformDyno> dynos, Instant fetchedAt, long generation) {

        public boolean lists(String dyno) {
            return dynos.containsKey(dyno);
        }

        public List<PlatformDyno> all() {
            return List.copyOf(dynos.values());
        }

        public List<PlatformDyno> ofType(String type) {
            return dynos.values().stream().filter(d -> d.type().equals(type)).toList();
        }
    }

    private final HerokuClient heroku;
    private final Clock clock;
    private final boolean dryRun;
    private final long refreshNanos;
    private final Map<String, Roster> rosters = new ConcurrentHashMap<>();
    private final Map<String, Long> nextListNanos = new ConcurrentHashMap<>();
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final Background refresher = Background.thread("guardian-formation");
    /** The apps whose list was asked for before the application was ready; null once it is. */
    private volatile Set<String> held = new LinkedHashSet<>();

    PlatformFormation(HerokuClient heroku, Clock clock, GuardianProperties guardian, HerokuProperties properties) {
        this.heroku = heroku;
        this.clock = clock;
        this.dryRun = guardian.dryRun();
        this.refreshNanos = properties.formationRefresh().toNanos();
    }

    /** The app's latest list, if one was fetched. */
    public Optional<Roster> roster(String app) {
        return Optional.ofNullable(rosters.get(app));
    }

    @Override
    public boolean lists(String app, String dyno) {
        Roster roster = rosters.get(app);
        return roster != null && roster.lists(dyno);
    }

    @Override
    public void unlistedSeen(String app) {
        refresh(app);
    }

    /** Called with the app's name after each list call of it ends, fetched or failed, on the refresher's thread. */
    public void onRefreshed(Consumer<String> listener) {
        listeners.add(listener);
    }

    /**
     * Asks for a fresh list of the app's dynos without waiting: fetched at once, or when formation-refresh has passed
     * since the app's last list call; requests meanwhile are one. Nothing is fetched in dry-run.
     */
    public void refresh(String app) {
        if (dryRun || holdUntilReady(app) || !scheduled.add(app)) {
            return;
        }
        long wait = Math.max(0, nextListNanos.getOrDefault(app, 0L) - System.nanoTime());
        refresher.after(Duration.ofNanos(wait), () -> {
            scheduled.remove(app);
            fetchQuietly(app);
        });
    }

    /**
     * Lists the app's dynos now, on the caller's thread (the latency check, once per check); throws
     * {@link HerokuApiException} when the API fails. The list also serves everyone else until the next one.
     */
    public Roster list(String app) {
        return fetch(app);
    }

    private void fetchQuietly(String app) {
        try {
            fetch(app);
        } catch (RuntimeException e) {
            log.warn("could not list the dynos of app {}: {}", app, e.toString());
        }
    }

    /** Lists the app's dynos now; every listener hears of it, whether the call succeeded or not. */
    private Roster fetch(String app) {
        try {
            nextListNanos.put(app, System.nanoTime() + refreshNanos);
            Instant at = clock.instant();
            Map<String, PlatformDyno> dynos = new LinkedHashMap<>();
            for (HerokuDyno d : heroku.listDynos(app)) {
                if (d.name() != null && DynoName.isDyno(d.name())) {
                    String type = d.type() != null ? d.type() : DynoName.type(d.name());
                    dynos.put(d.name(), new PlatformDyno(d.name(), type, d.dynoState(), d.up() ? d.updatedAt() : null));
                }
            }
            Roster previous = rosters.get(app);
            Roster roster = new Roster(Collections.unmodifiableMap(dynos), at,
                    previous == null ? 1 : previous.generation() + 1);
            rosters.put(app, roster);
            return roster;
        } finally {
            listeners.forEach(l -> l.accept(app));
        }
    }

    /** True when the application is not ready yet: the app's list is then fetched once it is. */
    private boolean holdUntilReady(String app) {
        if (held == null) {
            return false;
        }
        synchronized (this) {
            if (held == null) {
                return false;
            }
            held.add(app);
            return true;
        }
    }

    /** The application is ready: the lists asked for meanwhile are fetched. */
    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Set<String> asked;
        synchronized (this) {
            if (held == null) {
                return;
            }
            asked = held;
            held = null;
        }
        asked.forEach(this::fetchQuietly);
    }

    @Override
    public void destroy() {
        refresher.stop();
    }
}
