package dev.dynoguardian.rolling;

import dev.dynoguardian.restart.UnknownAppException;
import dev.dynoguardian.system.WatchedApps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Each watched app's {@link RollingSettings}: its own {@code rolling.*} entries over {@code guardian.rolling.*}, the
 * rolled types defaulting to the app's monitored ones ({@code memory.dyno-types}, env {@code DYNO_TYPES}).
 */
@Component
class RollingApps {

    /** The one memory setting a roll reads: which types are monitored. */
    record MonitoredTypes(@DefaultValue("web") List<String> dynoTypes) {
    }

    /** An app's settings with the types it rolls by default. */
    record AppRolling(RollingSettings settings, List<String> dynoTypes) {
    }

    private final Map<String, AppRolling> byApp = new LinkedHashMap<>();

    RollingApps(WatchedApps apps) {
        Map<String, MonitoredTypes> monitored = apps.settingsByApp("memory", MonitoredTypes.class);
        apps.settingsByApp("rolling", RollingSettings.class).forEach((app, settings) -> {
            List<String> types = settings.dynoTypes().isEmpty()
                    ? monitored.get(app).dynoTypes().stream().map(String::trim).filter(t -> !t.isEmpty()).toList()
                    : settings.dynoTypes();
            byApp.put(app, new AppRolling(settings, types));
        });
    }

    AppRolling of(String app) {
        AppRolling rolling = byApp.get(app);
        if (rolling == null) {
            throw new UnknownAppException(app);
        }
        return rolling;
    }

    List<String> names() {
        return List.copyOf(byApp.keySet());
    }
}
