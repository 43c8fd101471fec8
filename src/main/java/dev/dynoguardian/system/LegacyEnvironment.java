package dev.dynoguardian.system;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The one place where the seed tools' environment variables become typed {@code guardian.*} settings, so both run
 * unchanged: the R14 restarter's {@code DRAIN_PASSWORD}, {@code APP_ID_OR_NAME}, {@code AUTH_TOKEN},
 * {@code DYNO_TYPES}, {@code {TYPE}_RESTART_THRESHOLD}, {@code {TYPE}_RESTART_WINDOW}, {@code SLACK_WEBHOOK_URL}, and
 * the latency slayer's {@code HEROKU_APP_NAME} and {@code HEROKU_API_KEY}; plus {@code HEROKU_API_URL},
 * {@code ADMIN_USER}, {@code ADMIN_PASSWORD} and {@code METRICS_TOKEN}. They rank just below the environment itself,
 * so an explicit {@code GUARDIAN_*} variable wins and both beat {@code config/application.yml}.
 */
public class LegacyEnvironment implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "dynoGuardianLegacyEnvironment";

    private static final Map<String, String> DIRECT = Map.ofEntries(
            Map.entry("DRAIN_PASSWORD", "guardian.drain.password"),
            Map.entry("APP_ID_OR_NAME", "guardian.app"),
            Map.entry("AUTH_TOKEN", "guardian.heroku.api-token"),
            Map.entry("DYNO_TYPES", "guardian.memory.dyno-types"),
            Map.entry("SLACK_WEBHOOK_URL", "guardian.notify.slack-webhook-url"),
            Map.entry("HEROKU_API_URL", "guardian.heroku.api-url"),
            Map.entry("ADMIN_USER", "guardian.admin.user"),
            Map.entry("ADMIN_PASSWORD", "guardian.admin.password"),
            Map.entry("METRICS_TOKEN", "guardian.admin.metrics-token"));

    private static final Map<String, String> ALIASES = Map.of(
            "HEROKU_APP_NAME", "guardian.app",
            "HEROKU_API_KEY", "guardian.heroku.api-token");

    private static final String THRESHOLD_SUFFIX = "_RESTART_THRESHOLD";
    private static final String WINDOW_SUFFIX = "_RESTART_WINDOW";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        MutablePropertySources sources = environment.getPropertySources();
        PropertySource<?> system = sources.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        Map<String, Object> mapped = map(system instanceof MapPropertySource m ? m.getSource()
                : environment.getSystemEnvironment());
        if (mapped.isEmpty()) {
            return;
        }
        MapPropertySource legacy = new MapPropertySource(SOURCE_NAME, mapped);
        if (system != null) {
            sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, legacy);
        } else {
            sources.addLast(legacy);
        }
    }

    /** The {@code guardian.*} settings the given environment variables stand for. */
    static Map<String, Object> map(Map<String, ?> env) {
        Map<String, Object> out = new LinkedHashMap<>();
        ALIASES.forEach((name, property) -> putIfSet(env, name, property, out));
        DIRECT.forEach((name, property) -> putIfSet(env, name, property, out));
        env.forEach((name, value) -> {
            if (value == null || value.toString().isBlank()) {
                return;
            }
            String text = value.toString().trim();
            if (name.endsWith(THRESHOLD_SUFFIX) && name.length() > THRESHOLD_SUFFIX.length()) {
                out.put("guardian.memory.thresholds[" + type(name, THRESHOLD_SUFFIX) + "]", text);
            } else if (name.endsWith(WINDOW_SUFFIX) && name.length() > WINDOW_SUFFIX.length()) {
                out.put("guardian.policy.windows[" + type(name, WINDOW_SUFFIX) + "]",
                        text.chars().allMatch(Character::isDigit) ? text + "s" : text);
            }
        });
        return out;
    }

    private static void putIfSet(Map<String, ?> env, String name, String property, Map<String, Object> out) {
        Object value = env.get(name);
        if (value != null && !value.toString().isBlank()) {
            out.put(property, value.toString().trim());
        }
    }

    private static String type(String name, String suffix) {
        return name.substring(0, name.length() - suffix.length()).toLowerCase(Locale.ROOT);
    }
}
