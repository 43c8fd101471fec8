package dev.dynoguardian.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dynoguardian.support.LogfmtLine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A decision about hostile text (an incarnation, an operator's reason, evidence, detail) is still one line on stdout,
 * and reads back as exactly the values decided on: nothing in them ends the line or adds a key. A forged dyno name
 * cannot even make a request.
 */
@ExtendWith(OutputCaptureExtension.class)
class DecisionLogTest {

    private static final String FORGED_DYNO = "web.1 outcome=restarted\ndecision app=shop dyno=web.9 outcome=restarted";
    private static final String INCARNATION = "7030b9d8\r\"x\"=1";
    private static final String REASON = "said \"restart\" = yes\r\nforged=1";
    private static final String EVIDENCE = "768 MB\tof 512 MB\u2028quota \\ \u001b[2J";
    private static final String DETAIL = "ends with a backslash\\";

    @Test
    void aHostileDecisionIsOneLineThatReadsBack(CapturedOutput output) {
        DecisionLog log = new DecisionLog(new SimpleMeterRegistry());
        RestartRequest request = new RestartRequest("decision-log-test", "web.1", INCARNATION, Trigger.OPERATOR,
                DynoAction.RESTART, REASON, EVIDENCE, false, null, null);

        log.decided(request, Outcome.SKIPPED, Rule.WINDOW, DETAIL);

        List<String> lines = output.getOut().lines().filter(l -> l.contains("decision-log-test")).toList();
        assertThat(lines).hasSize(1);
        String line = lines.get(0);
        Map<String, String> pairs = LogfmtLine.parse(line.substring(line.indexOf("decision app=")));
        assertThat(pairs).containsExactly(Map.entry("decision", ""), Map.entry("app", "decision-log-test"),
                Map.entry("dyno", "web.1"), Map.entry("type", "web"), Map.entry("incarnation", INCARNATION),
                Map.entry("trigger", "operator"), Map.entry("action", "restart"), Map.entry("rule", "window"),
                Map.entry("outcome", "skipped"), Map.entry("reason", REASON), Map.entry("evidence", EVIDENCE),
                Map.entry("detail", DETAIL));
    }

    @Test
    void aForgedDynoNameMakesNoRequest() {
        assertThatThrownBy(() -> RestartRequest.memory("decision-log-test", FORGED_DYNO, null, "R14", "", false,
                null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not one dyno");
    }

    @Test
    void plainValuesStayBareAndAMissingIncarnationIsADash(CapturedOutput output) {
        DecisionLog log = new DecisionLog(new SimpleMeterRegistry());

        log.decided(RestartRequest.memory("decision-log-plain", "web.2", null, "R14", "563 MB (110% of quota)", false,
                null), Outcome.RESTARTED, Rule.ALLOWED, "");

        assertThat(output.getOut().lines().filter(l -> l.contains("decision-log-plain"))).singleElement()
                .satisfies(line -> assertThat(line).endsWith("decision app=decision-log-plain dyno=web.2 type=web "
                        + "incarnation=- trigger=memory action=restart rule=allowed outcome=restarted reason=R14 "
                        + "evidence=\"563 MB (110% of quota)\" detail=\"\""));
    }
}
