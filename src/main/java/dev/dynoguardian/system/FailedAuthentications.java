package dev.dynoguardian.system;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Slows down guessing. Each client has a bucket of {@code guardian.security.failed-auth-burst} attempts that its
 * failed authentications empty, whatever the realm, and that regains one attempt every {@code failed-auth-refill}.
 * A client whose bucket is empty is answered 429 before any password is compared or hashed. Only failures are
 * counted: right credentials give their attempt back, and the drain and the metrics check theirs before taking one.
 *
 * <p>The clients remembered are bounded ({@code failed-auth-clients}); beyond, the one seen least recently is
 * forgotten and starts again with a full bucket, so that made-up client keys cost no more than that memory.
 *
 * <p>Meters: {@code guardian.auth.failures{realm}}, {@code guardian.auth.throttled{realm}}, registered at start so
 * that their rates start from zero.
 */
@Component
public class FailedAuthentications {

    /** What was tried: the meters' {@code realm} tag. */
    public enum Realm {
        DRAIN, ADMIN, METRICS;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** No address is longer (an IPv6 literal with a zone at most 45 characters): longer keys are cut. */
    private static final int LONGEST_KEY = 64;

    private final Clock clock;
    private final long refillMillis;
    private final long burstMillis;
    private final Map<String, Long> fullAt;
    private final Map<Realm, Counter> failures = new EnumMap<>(Realm.class);
    private final Map<Realm, Counter> throttled = new EnumMap<>(Realm.class);

    FailedAuthentications(SecuritySettings settings, Clock clock, MeterRegistry meters) {
        this.clock = clock;
        this.refillMillis = settings.failedAuthRefill().toMillis();
        this.burstMillis = settings.failedAuthBurst() * refillMillis;
        int capacity = settings.failedAuthClients();
        this.fullAt = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > capacity;
            }
        };
        for (Realm realm : Realm.values()) {
            failures.put(realm, meters.counter("guardian.auth.failures", "realm", realm.tag()));
            throttled.put(realm, meters.counter("guardian.auth.throttled", "realm", realm.tag()));
        }
    }

    /**
     * The client a request comes from: the address the servlet container resolved. Behind Heroku's router, where Spring
     * Boot turns on Tomcat's forwarded-header handling ({@code server.forward-headers-strategy=native}), that is the
     * last {@code X-Forwarded-For} entry, which the router appends and the client cannot forge; elsewhere it is the
     * connecting address, since any {@code X-Forwarded-For} there is only the client's own claim.
     */
    public static String clientOf(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        return address == null ? "unknown" : address;
    }

    /**
     * Takes one of the client's attempts before its credentials are checked, so that concurrent guesses cannot go
     * beyond its burst: 0 when taken; else the seconds it must wait (for {@code Retry-After}), counted as a throttled
     * request of the realm. Right credentials give the attempt back ({@link #succeeded}).
     */
    public long attempt(String client, Realm realm) {
        long now = clock.millis();
        long wait;
        synchronized (fullAt) {
            Long full = fullAt.get(key(client));
            long from = full == null || full < now ? now : full;
            wait = from - now - (burstMillis - refillMillis);
            if (wait <= 0) {
                fullAt.put(key(client), from + refillMillis);
            }
        }
        if (wait <= 0) {
            return 0;
        }
        throttled.get(realm).increment();
        return (wait + 999) / 1000;
    }

    /** The credentials of the attempt were right: it is given back. */
    public void succeeded(String client) {
        long now = clock.millis();
        synchronized (fullAt) {
            fullAt.computeIfPresent(key(client), (key, full) -> full - refillMillis > now ? full - refillMillis : null);
        }
    }

    /** The credentials of the attempt were wrong: the attempt stays spent. */
    public void failed(Realm realm) {
        failures.get(realm).increment();
    }

    private static String key(String client) {
        return client.length() > LONGEST_KEY ? client.substring(0, LONGEST_KEY) : client;
    }
}
