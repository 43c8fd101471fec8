package dev.dynoguardian.latency;

import dev.dynoguardian.system.WatchedApps;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Each watched app's {@link LatencySettings}: its own {@code latency.*} entries over {@code guardian.latency.*}. */
@Component
class AppLatencySettings {

    private final Map<String, LatencySettings> byApp;

    AppLatencySettings(WatchedApps apps) {
        this.byApp = apps.settingsByApp("latency", LatencySettings.class);
    }

    /** Every watched app's settings, in the order the apps are configured. */
    Map<String, LatencySettings> byApp() {
        return byApp;
    }
}
