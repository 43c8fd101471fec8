package dev.dynoguardian.support;

import dev.dynoguardian.DynoGuardianApplication;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Starts whole guardians the way an operator does: from environment variables (given here instead of the process
 * environment) and settings, on a random port. Several may run at once, e.g. two instances on one database.
 */
public final class GuardianRunner {

    private GuardianRunner() {
    }

    /**
     * Settings every test guardian shares: a random port, no latency checks unless asked, a rate limiter that does not
     * hold calls back, and Heroku's status API on the {@link HerokuStub} (green), never the real one.
     */
    public static Map<String, Object> baseSettings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("server.port", "0");
        settings.put("guardian.latency.enabled", "false");
        settings.put("resilience4j.retry.instances.heroku.wait-duration", "20ms");
        settings.put("spring.http.serviceclient.heroku.read-timeout", "1s");
        settings.put("guardian.heroku.formation-refresh", "0s");
        // The rate limiter counts real seconds: at its default of 10 calls (listings included) per 10 s, the calls of
        // one test would make the next one wait for permits. The tests of the limiter set their own.
        settings.put("resilience4j.ratelimiter.instances.heroku.limit-for-period", "1000");
        settings.put("guardian.platform-status.url", HerokuStub.get().url() + "/platform-status/runner");
        return settings;
    }

    public static ConfigurableApplicationContext start(Map<String, String> env, Map<String, Object> settings) {
        return start(env, settings, null, new String[0]);
    }

    /** As {@link #start(Map, Map)}, with a clock the test moves instead of the system clock. */
    public static ConfigurableApplicationContext start(Map<String, String> env, Map<String, Object> settings,
                                                       Clock clock) {
        return start(env, settings, clock, new String[0]);
    }

    /**
     * The playground: the {@code demo} profile on a free port (its simulated Platform API lives on the guardian's own
     * port, so the port must be known before start-up), with an in-memory database of its own: the profile's
     * {@code jdbc:h2:mem:demo} outlives a context in the same JVM, so one playground test would see the ledger, windows
     * and rolls of the one before.
     */
    public static ConfigurableApplicationContext startDemo(Map<String, Object> settings) {
        Map<String, Object> demo = new LinkedHashMap<>(settings);
        demo.put("server.port", String.valueOf(freePort()));
        demo.putIfAbsent("spring.datasource.url", "jdbc:h2:mem:demo-" + java.util.UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        return start(Map.of(), demo, null, "demo");
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ConfigurableApplicationContext start(Map<String, String> env, Map<String, Object> settings,
                                                        Clock clock, String... profiles) {
        Map<String, Object> environmentVariables = new HashMap<>(env);
        StandardEnvironment environment = new StandardEnvironment() {
            @Override
            protected void customizePropertySources(MutablePropertySources sources) {
                sources.addLast(new MapPropertySource("testSettings", settings));
                sources.addLast(new SystemEnvironmentPropertySource(SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        environmentVariables));
            }
        };
        SpringApplicationBuilder builder = new SpringApplicationBuilder(DynoGuardianApplication.class)
                .environment(environment).profiles(profiles);
        if (clock != null) {
            builder.initializers(context -> ((GenericApplicationContext) context).registerBean("testClock",
                    Clock.class, () -> clock, definition -> definition.setPrimary(true)));
        }
        return builder.run();
    }

    public static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
