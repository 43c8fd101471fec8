package dev.dynoguardian.system;

import java.util.List;

/** Thrown at start-up when settings the guardian cannot work without are missing or wrong; names each one. */
public class MissingSettingsException extends IllegalStateException {

    private final List<String> problems;

    public MissingSettingsException(List<String> problems) {
        super("Dyno Guardian cannot start: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
