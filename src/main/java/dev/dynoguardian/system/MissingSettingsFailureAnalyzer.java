package dev.dynoguardian.system;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints missing settings as a list with what to set, instead of a stack trace. */
class MissingSettingsFailureAnalyzer extends AbstractFailureAnalyzer<MissingSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable root, MissingSettingsException cause) {
        String description = "Dyno Guardian is missing settings it cannot work without:\n  - "
                + String.join("\n  - ", cause.problems());
        String action = "Set them as environment variables or in config/application.yml (see README, Settings). "
                + "To try the guardian without Heroku credentials, run the demo: "
                + "./mvnw spring-boot:run -Dspring-boot.run.profiles=demo";
        return new FailureAnalysis(description, action, cause);
    }
}
