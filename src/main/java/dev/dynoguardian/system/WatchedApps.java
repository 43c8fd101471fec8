package dev.dynoguardian.system;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jakarta.validation.Validation;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * The Heroku apps this guardian watches: the single app of {@code guardian.app} (the R14 restarter's
 * {@code APP_ID_OR_NAME}) and every entry of {@code guardian.apps}. Fails start-up, naming each setting, when an app,
 * its drain password or the Heroku API token is missing.
 */
@Component
public class WatchedApps {

    private final Map<String, WatchedApp> apps = new LinkedHashMap<>();
    private final SectionBinder sections;

    public WatchedApps(Environment environment) {
        Binder binder = Binder.get(environment);
        this.sections = new SectionBinder(environment);
        List<String> problems = new ArrayList<>();
        String single = binder.bind("guardian.app", String.class).orElse("").trim();
        if (!single.isEmpty()) {
            String password = binder.bind("guardian.drain.password", String.class).orElse("");
            List<String> tokens = binder.bind("guardian.drain.tokens", Bindable.listOf(String.class)).orElse(List.of());
            add(new WatchedApp(single, password, tokens, "guardian", true), "guardian.drain.password (env DRAIN_PASSWORD)",
                    problems);
        }
        List<AppListing> listed = binder.bind("guardian.apps", Bindable.listOf(AppListing.class)).orElse(List.of());
        for (int i = 0; i < listed.size(); i++) {
            AppListing listing = listed.get(i);
            String name = listing.name() == null ? "" : listing.name().trim();
            if (name.isEmpty()) {
                problems.add("guardian.apps[" + i + "].name is missing");
                continue;
            }
            add(new WatchedApp(name, listing.drain().password(), listing.drain().tokens(), "guardian.apps[" + i + "]",
                    false), "guardian.apps[" + i + "].drain.password", problems);
        }
        if (apps.isEmpty() && problems.isEmpty()) {
            problems.add("guardian.app (env APP_ID_OR_NAME or HEROKU_APP_NAME), or a list under guardian.apps: "
                    + "the Heroku app to watch");
        }
        String token = binder.bind("guardian.heroku.api-token", String.class).orElse("");
        if (token.isBlank()) {
            problems.add("guardian.heroku.api-token (env AUTH_TOKEN or HEROKU_API_KEY): a Heroku Platform API token");
        }
        String adminPassword = binder.bind("guardian.admin.password", String.class).orElse("");
        if (!adminPassword.isEmpty() && apps.values().stream().anyMatch(a -> adminPassword.equals(a.drainPassword()))) {
            problems.add("guardian.admin.password (env ADMIN_PASSWORD) must differ from every drain password");
        }
        if (!problems.isEmpty()) {
            throw new MissingSettingsException(problems);
        }
    }

    private void add(WatchedApp app, String passwordSetting, List<String> problems) {
        if (!app.name().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            problems.add(app.settingsPrefix() + (app.legacyPath() ? ".app" : ".name") + " '" + app.name()
                    + "' is not a Heroku app name or id");
        } else if (apps.containsKey(app.name())) {
            problems.add("app '" + app.name() + "' is listed twice (guardian.app and guardian.apps)");
        } else if (app.drainPassword() == null || app.drainPassword().isBlank()) {
            problems.add(passwordSetting + ": the drain password of app '" + app.name() + "'");
        } else {
            apps.put(app.name(), app);
        }
    }

    public Collection<WatchedApp> all() {
        return apps.values();
    }

    public List<String> names() {
        return List.copyOf(apps.keySet());
    }

    public Optional<WatchedApp> find(String name) {
        return Optional.ofNullable(apps.get(name));
    }

    /** The app that answers at the plain {@code /logs} path, if {@code guardian.app} is set. */
    public Optional<WatchedApp> legacy() {
        return apps.values().stream().filter(WatchedApp::legacyPath).findFirst();
    }

    /**
     * Binds a settings section ({@code memory}, {@code latency}, {@code policy}) for each app, in the order the apps
     * are configured: each property is taken from the app's own entry when set there, else from
     * {@code guardian.<section>}, else from the record's defaults.
     */
    public <T> Map<String, T> settingsByApp(String section, Class<T> type) {
        Map<String, T> byApp = new LinkedHashMap<>();
        for (WatchedApp app : all()) {
            byApp.put(app.name(), sections.bind(app.settingsPrefix(), section, type));
        }
        return Collections.unmodifiableMap(byApp);
    }

    /** Binds sections with per-app fallback to the global settings, validating the result. */
    static final class SectionBinder {

        private final Iterable<ConfigurationPropertySource> sources;
        private final PropertySourcesPlaceholdersResolver placeholders;
        private final SpringValidatorAdapter validator;

        SectionBinder(Environment environment) {
            this.sources = ConfigurationPropertySources.get(environment);
            this.placeholders = new PropertySourcesPlaceholdersResolver(environment);
            this.validator = new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator());
        }

        <T> T bind(String prefix, String section, Class<T> type) {
            List<ConfigurationPropertySource> layered = new ArrayList<>();
            sources.forEach(source -> layered.add(source.withPrefix(prefix)));
            if (!"guardian".equals(prefix)) {
                sources.forEach(source -> layered.add(source.withPrefix("guardian")));
            }
            try {
                return new Binder(layered, placeholders).bindOrCreate(section, Bindable.of(type),
                        new ValidationBindHandler(validator));
            } catch (BindException e) {
                Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
                String where = e.getProperty() == null ? prefix + "." + section
                        : e.getProperty().getName() + " (from " + e.getProperty().getOrigin() + ")";
                throw new MissingSettingsException(List.of("invalid setting " + where + ": " + cause.getMessage()));
            }
        }
    }
}
