package dev.dynoguardian.restart;

import static dev.dynoguardian.system.Logfmt.value;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every decision and every outcome as one logfmt line on stdout (Heroku's convention) and a count in
 * {@code guardian.decisions{app,type,trigger,rule,outcome}}. Every value goes through {@link
 * dev.dynoguardian.system.Logfmt}: dyno names and evidence come from the drain and reasons from operators, and none
 * of them may end the line or add a key.
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
        String line = "decision app=" + value(r.app()) + " dyno=" + value(r.dyno()) + " type="
                + value(r.processType()) + " incarnation=" + (r.incarnation() == null ? "-" : value(r.incarnation()))
                + " trigger=" + value(r.trigger().tag()) + " action=" + value(r.action().tag()) + " rule="
                + value(rule.tag()) + " outcome=" + value(outcome.tag()) + " reason=" + value(r.reason())
                + " evidence=" + value(r.evidence()) + " detail=" + value(detail);
        switch (outcome) {
            case FAILED -> log.error("{}", line);
            case SKIPPED, QUEUED -> log.info("{}", line);
            default -> log.warn("{}", line);
        }
    }
}
