package dev.dynoguardian.memory;

import dev.dynoguardian.system.WatchedApps;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Each watched app's {@link MemorySettings}: its own {@code memory.*} entries over {@code guardian.memory.*}. */
@Component
class AppMemorySettings {

    private final Map<String, MemorySettings> byApp;

    AppMemorySettings(WatchedApps apps) {
        this.byApp = apps.settingsByApp("memory", MemorySettings.class);
    }

    /** Every watched app's settings, in the order the apps are configured. */
    Map<String, MemorySettings> byApp() {
        return byApp;
    }
}
