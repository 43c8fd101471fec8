package dev.dynoguardian.restart;

import dev.dynoguardian.system.WatchedApp;
import dev.dynoguardian.system.WatchedApps;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Each watched app's {@link PolicySettings}: its own {@code policy.*} entries over {@code guardian.policy.*}. */
@Component
class AppPolicies {

    private final Map<String, PolicySettings> byApp = new LinkedHashMap<>();

    AppPolicies(WatchedApps apps) {
        for (WatchedApp app : apps.all()) {
            byApp.put(app.name(), apps.settings(app, "policy", PolicySettings.class));
        }
    }

    PolicySettings settings(String app) {
        PolicySettings settings = byApp.get(app);
        if (settings == null) {
            throw new UnknownAppException(app);
        }
        return settings;
    }
}
