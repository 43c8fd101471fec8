package dev.dynoguardian.restart;

import dev.dynoguardian.system.WatchedApps;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Each watched app's {@link PolicySettings}: its own {@code policy.*} entries over {@code guardian.policy.*}. */
@Component
class AppPolicies {

    private final Map<String, PolicySettings> byApp;

    AppPolicies(WatchedApps apps) {
        this.byApp = apps.settingsByApp("policy", PolicySettings.class);
    }

    /** Throws {@link UnknownAppException} unless the app is watched. */
    void requireWatched(String app) {
        settings(app);
    }

    PolicySettings settings(String app) {
        PolicySettings settings = byApp.get(app);
        if (settings == null) {
            throw new UnknownAppException(app);
        }
        return settings;
    }
}
