package dev.dynoguardian.platformstatus;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** A system's colour on Heroku's status page, with the value of {@code guardian_platform_status}. */
public enum Level {
    GREEN, YELLOW, RED;

    /** The level named {@code text} ({@code green}, {@code yellow}, {@code red}, any case), if it is one. */
    static Optional<Level> of(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "green" -> Optional.of(GREEN);
            case "yellow" -> Optional.of(YELLOW);
            case "red" -> Optional.of(RED);
            default -> Optional.empty();
        };
    }

    @JsonValue
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
