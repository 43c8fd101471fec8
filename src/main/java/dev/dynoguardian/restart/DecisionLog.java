package dev.dynoguardian.restart;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every decision and every outcome as one logfmt line on stdout (Heroku's convention) and a count in
 * {@code guardian.decisions{app,type,trigger,rule,outcome}}.
 */
@Component
class DecisionLog {

    private static final Logger log = LoggerFactory.getLogger("dev.dynoguardian.decisions");

    private final MeterRegistry meters;

    DecisionLog(MeterRegistry meters) {
        this.meters = meters;
    }

    void decided(RestartRequest r, Outcome outcome, Rule rule, String detail) {
        meters.counter("guardian.decisions", "app", r.app(), "type", r.processType(), "trigger", r.trigger().tag(),
                "rule", rule.tag(), "outcome", outcome.tag()).increment();
        String line = "decision app=" + r.app() + " dyno=" + r.dyno() + " type=" + r.processType()
                + " incarnation=" + (r.incarnation() == null ? "-" : r.incarnation()) + " trigger=" + r.trigger().tag()
                + " action=" + r.action().tag() + " rule=" + rule.tag() + " outcome=" + outcome.tag()
                + " reason=" + quote(r.reason()) + " evidence=" + quote(r.evidence()) + " detail=" + quote(detail);
        switch (outcome) {
            case FAILED -> log.error(line);
            case SKIPPED, QUEUED -> log.info(line);
            default -> log.warn(line);
        }
    }

    static String quote(String text) {
        if (text == null || text.isEmpty()) {
            return "\"\"";
        }
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
