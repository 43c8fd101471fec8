package dev.dynoguardian.latency;

import static dev.dynoguardian.latency.Dynos.formation;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guards: HOLD, SYSTEMIC and warnings. */
class GuardsTest {

    private static final DetectorSettings SETTINGS = DetectorSettings.defaults();

    @Test
    void tooFewDynosHold() {
        Analysis analysis = OutlierDetector.analyze(formation(200, 2000), SETTINGS);

        assertThat(analysis.decision()).isEqualTo(Decision.HOLD);
        assertThat(analysis.reason()).isEqualTo("only 2 dynos, need at least 3");
        assertThat(analysis.outliers()).isEmpty();
    }

    @Test
    void youngDynosMeanADeployOrCyclingAndHold() {
        List<DynoObservation> dynos = new ArrayList<>(formation(200, 210, 190, 205, 2000));
        dynos.set(0, Dynos.withUptime(dynos.get(0), Duration.ofSeconds(90)));
        dynos.set(1, Dynos.withUptime(dynos.get(1), Duration.ofSeconds(30)));

        Analysis analysis = OutlierDetector.analyze(dynos, SETTINGS);

        assertThat(analysis.decision()).isEqualTo(Decision.HOLD);
        assertThat(analysis.reason()).startsWith("deploy or cycling under way: 3 of 5 dynos up for at least 180s");
        assertThat(analysis.dynos().get(0).eligibility()).isEqualTo(Eligibility.TOO_YOUNG);
    }

    @Test
    void downDynosCountAgainstTheUpFraction() {
        List<DynoObservation> dynos = new ArrayList<>(formation(200, 210, 190, 205, 195, 200, 205, 198, 202, 2000));
        dynos.set(0, Dynos.down(dynos.get(0)));
        dynos.set(1, Dynos.down(dynos.get(1)));

        assertThat(OutlierDetector.analyze(dynos, SETTINGS).decision()).isEqualTo(Decision.ACT);
        dynos.set(2, Dynos.down(dynos.get(2)));
        assertThat(OutlierDetector.analyze(dynos, SETTINGS).decision()).isEqualTo(Decision.HOLD);
    }

    @Test
    void fewerThanHalfWithEnoughSamplesWarnsAndJudgesOnlyThose() {
        List<DynoObservation> dynos = new ArrayList<>(formation(200, 210, 190, 205, 195, 200, 205, 2000));
        for (int i = 0; i < 5; i++) {
            dynos.set(i, Dynos.withSamples(dynos.get(i), 12));
        }

        Analysis analysis = OutlierDetector.analyze(dynos, SETTINGS);

        assertThat(analysis.warnings())
                .containsExactly("only 3 of 8 dynos have at least 32 samples; judging those only");
        assertThat(analysis.decision()).isEqualTo(Decision.ACT);
        assertThat(analysis.outliers()).containsExactly("web.8");
        assertThat(analysis.dynos().get(0).eligibility()).isEqualTo(Eligibility.FEW_SAMPLES);
        assertThat(analysis.dynos().get(0).thresholdMs()).isNaN();
    }

    @Test
    void tooFewDynosWithEnoughSamplesHold() {
        List<DynoObservation> dynos = new ArrayList<>(formation(200, 210, 190, 205, 2000));
        for (int i = 0; i < 3; i++) {
            dynos.set(i, Dynos.withSamples(dynos.get(i), 31));
        }

        Analysis analysis = OutlierDetector.analyze(dynos, SETTINGS);

        assertThat(analysis.decision()).isEqualTo(Decision.HOLD);
        assertThat(analysis.reason()).isEqualTo("only 2 dynos with at least 32 samples, need 3");
        assertThat(analysis.warnings()).hasSize(1);
    }

    @Test
    void mostOfTheFormationSlowIsSystemic() {
        Analysis analysis = OutlierDetector.analyze(formation(200, 205, 600, 610, 590, 605, 620, 600), SETTINGS);

        assertThat(analysis.decision()).isEqualTo(Decision.SYSTEMIC);
        assertThat(analysis.reason()).startsWith("6 of 8 candidates are slow next to the fastest quarter")
                .endsWith("load or a dependency, not one dyno");
        assertThat(analysis.outliers()).isEmpty();
    }

    @Test
    void aWholeFormationUniformlySlowIsNotActedOnAndIsFlagged() {
        Analysis analysis = OutlierDetector.analyze(formation(900, 910, 890, 905, 895), SETTINGS);

        assertThat(analysis.decision()).isEqualTo(Decision.NONE);
        assertThat(analysis.warnings()).singleElement().asString()
                .startsWith("the formation's median trimmed-mean 900 ms is above the 200 ms floor");
    }

    @Test
    void twoSlowDynosOfFiveAreStillOutliers() {
        Analysis analysis = OutlierDetector.analyze(formation(200, 205, 195, 600, 610), SETTINGS);

        assertThat(analysis.decision()).isEqualTo(Decision.ACT);
        assertThat(analysis.outliers()).containsExactly("web.4", "web.5");
    }

    @Test
    void theSystemicGuardAppliesToTheSlayerToo() {
        DetectorSettings slayer = SETTINGS.withMethod(DetectionMethod.SLAYER);

        Analysis analysis = OutlierDetector.analyze(formation(200, 205, 600, 610, 590, 605, 620, 600), slayer);

        assertThat(analysis.decision()).isEqualTo(Decision.SYSTEMIC);
        assertThat(analysis.reason()).startsWith("6 of 8 candidates are slow next to the fastest quarter (mean 205 ms)");
        assertThat(analysis.outliers()).isEmpty();
    }
}
