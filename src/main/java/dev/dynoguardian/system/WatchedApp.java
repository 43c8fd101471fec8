package dev.dynoguardian.system;

import java.util.List;

/**
 * One Heroku app the guardian watches.
 *
 * @param name           the Heroku app name or id, as the Platform API takes it
 * @param drainPassword  the password of this app's drain URL; it opens only this app's drain path
 * @param drainTokens    accepted {@code Logplex-Drain-Token}s; empty accepts any
 * @param settingsPrefix where this app's own settings live ({@code guardian} for the single app of the env vars,
 *                       {@code guardian.apps[N]} for listed apps); unset settings fall back to {@code guardian.*}
 * @param legacyPath     true for the app of {@code guardian.app}, which also answers at {@code /logs}
 */
public record WatchedApp(String name, String drainPassword, List<String> drainTokens, String settingsPrefix,
                         boolean legacyPath) {

    @Override
    public String toString() {
        return "WatchedApp[" + name + "]";
    }
}
