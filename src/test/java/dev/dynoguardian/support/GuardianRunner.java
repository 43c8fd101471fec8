package dev.dynoguardian.support;

import dev.dynoguardian.DynoGuardianApplication;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
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

    /** Settings every test guardian shares: a random port, and no latency checks unless asked. */
    public static Map<String, Object> baseSettings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("server.port", "0");
        settings.put("guardian.latency.enabled", "false");
        settings.put("resilience4j.retry.instances.heroku.wait-duration", "20ms");
        settings.put("spring.http.serviceclient.heroku.read-timeout", "1s");
        return settings;
    }

    public static ConfigurableApplicationContext start(Map<String, String> env, Map<String, Object> settings) {
        Map<String, Object> environmentVariables = new HashMap<>(env);
        StandardEnvironment environment = new StandardEnvironment() {
            @Override
            protected void customizePropertySources(MutablePropertySources sources) {
                sources.addLast(new MapPropertySource("testSettings", settings));
                sources.addLast(new SystemEnvironmentPropertySource(SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        environmentVariables));
            }
        };
        return new SpringApplicationBuilder(DynoGuardianApplication.class).environment(environment).run();
    }

    public static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
