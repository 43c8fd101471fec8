package dev.dynoguardian.latency;

import static dev.dynoguardian.latency.Dynos.formation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dynoguardian.support.LogfmtLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one-line summary, and the validation of the inputs. */
class AnalysisTest {

    @Test
    void summaryIsOneLogfmtLine() {
        List<DynoObservation> dynos = new ArrayList<>(formation(200, 210, 190, 205, 2000, 200));
        dynos.set(5, Dynos.withSamples(dynos.get(5), 12));

        String summary = OutlierDetector.analyze(dynos, DetectorSettings.defaults()).summary();

        assertThat(summary).doesNotContain("\n").startsWith(
                "decision=ACT method=ROBUST statistic=trimmed-mean outliers=web.5 candidates=5/6"
                        + " reason=\"1 outlier(s) among 5 candidates: web.5\""
                        + " why=\"web.5: trimmed-mean 2000 ms > 304 ms (1.5 x; others' median 202 ms)\""
                        + " dynos=\"web.1 200<=311ms n=600 err=0/600; ")
                .contains("web.5 2000>304ms n=600 err=0/600 OUTLIER;", "web.6 200ms n=12 err=0/12 few_samples\"");
    }

    @Test
    void forgedDynoNamesStayInsideTheirValues() {
        String forged = "web.5 decision=NONE\nlatency-check app=shop decision=ACT outliers=web.1 \"=\r";
        List<DynoObservation> dynos = new ArrayList<>(formation(200, 210, 190, 205, 2000));
        dynos.set(4, Dynos.dyno(forged, 2000));

        Analysis analysis = OutlierDetector.analyze(dynos, DetectorSettings.defaults());
        String line = "latency-check " + analysis.summary();

        assertThat(line).doesNotContain("\n", "\r");
        Map<String, String> pairs = LogfmtLine.parse(line);
        assertThat(pairs).containsOnlyKeys("latency-check", "decision", "method", "statistic", "outliers",
                "candidates", "reason", "why", "dynos");
        assertThat(pairs).containsEntry("decision", "ACT").containsEntry("outliers", forged)
                .containsEntry("reason", analysis.reason()).containsEntry("why", analysis.why());
        assertThat(pairs.get("dynos")).startsWith("web.1 200<=").contains(forged + " 2000>");
    }

    @Test
    void toStringIsTheSummary() {
        Analysis analysis = OutlierDetector.analyze(formation(200, 2000), DetectorSettings.defaults());

        assertThat(analysis).hasToString(analysis.summary());
        assertThat(analysis.summary()).isEqualTo("decision=HOLD method=ROBUST statistic=trimmed-mean outliers=none"
                + " candidates=2/2 reason=\"only 2 dynos, need at least 3\""
                + " dynos=\"web.1 200ms n=600 err=0/600 candidate; web.2 2000ms n=600 err=0/600 candidate\"");
    }

    @Test
    void settingsAreValidated() {
        DetectorSettings d = DetectorSettings.defaults();

        assertThatThrownBy(() -> new DetectorSettings(d.method(), 0.9, 200, 4, 2, 3, 32, Duration.ZERO, 0.8,
                0.05, 4, 100, 10)).hasMessageContaining("minRatio");
        assertThatThrownBy(() -> new DetectorSettings(d.method(), 1.5, 200, 4, 2, 1, 32, Duration.ZERO, 0.8,
                0.05, 4, 100, 10)).hasMessageContaining("minDynos");
        assertThatThrownBy(() -> new DetectorSettings(d.method(), 1.5, 200, 4, 2, 3, 32, Duration.ZERO, 1.2,
                0.05, 4, 100, 10)).hasMessageContaining("minUpFraction");
    }

    @Test
    void observationsAreValidated() {
        assertThatThrownBy(() -> new DynoObservation("web.1", 10, Double.NaN, 1, 1, 10, 0, true, Duration.ZERO))
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> new DynoObservation("web.1", 10, 1, 1, 1, 10, -1, true, Duration.ZERO))
                .hasMessageContaining("negative");
        assertThat(new DynoObservation("web.1", 0, Double.NaN, Double.NaN, Double.NaN, 0, 0, true, Duration.ZERO)
                .errorRate()).isZero();
    }
}
