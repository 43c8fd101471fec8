package dev.dynoguardian.system;

import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One entry of {@code guardian.apps}. Besides these, an entry may override any of {@code memory.*},
 * {@code latency.*} and {@code policy.*}; what it leaves unset falls back to the global {@code guardian.*} setting.
 *
 * @param name  the Heroku app name or id; its drain URL is {@code /logs/{name}}
 * @param drain the app's own drain credentials
 */
record AppListing(String name, @DefaultValue Drain drain) {

    /**
     * @param password the app's drain password
     * @param tokens   accepted {@code Logplex-Drain-Token}s (empty accepts any)
     */
    record Drain(String password, @DefaultValue List<String> tokens) {
    }
}
