package dev.dynoguardian.latency;

import static dev.dynoguardian.latency.Dynos.dyno;
import static dev.dynoguardian.latency.Dynos.formation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outlier rules: leave-one-out against the slayer's bound, masking, floor, ratio. */
class OutlierDetectorTest {

    private static final DetectorSettings ROBUST = DetectorSettings.defaults();
    private static final DetectorSettings SLAYER = ROBUST.withMethod(DetectionMethod.SLAYER);

    @Test
    void slayerCannotFindOneSlowDynoOfFiveButLeaveOneOutCan() {
        List<DynoObservation> dynos = formation(200, 210, 190, 205, 2000);

        Analysis slayer = OutlierDetector.analyze(dynos, SLAYER);
        Analysis robust = OutlierDetector.analyze(dynos, ROBUST);

        DynoAssessment slow = slayer.dynos().get(4);
        double meanOfMeans = slow.referenceMs();
        double stdev = (slow.thresholdMs() - meanOfMeans) / SLAYER.slayerDeviations();
        assertThat((slow.statisticMs() - meanOfMeans) / stdev).isLessThanOrEqualTo(Math.sqrt(4) + 1e-9);
        assertThat(slayer.decision()).isEqualTo(Decision.NONE);
        assertThat(robust.decision()).isEqualTo(Decision.ACT);
        assertThat(robust.outliers()).containsExactly("web.5");
    }

    @Test
    void slayerFindsTheSameDynoOnceTheFormationIsLargeEnough() {
        List<DynoObservation> dynos = formation(200, 210, 190, 205, 195, 200, 202, 198, 2000);

        assertThat(OutlierDetector.analyze(dynos, SLAYER).outliers()).containsExactly("web.9");
        assertThat(OutlierDetector.analyze(dynos, ROBUST).outliers()).containsExactly("web.9");
    }

    @Test
    void aSecondOutlierCannotHideTheFirst() {
        List<DynoObservation> dynos = formation(200, 210, 190, 205, 195, 200, 600, 1000);

        Analysis robust = OutlierDetector.analyze(dynos, ROBUST);
        Analysis slayer = OutlierDetector.analyze(dynos, SLAYER);

        assertThat(robust.decision()).isEqualTo(Decision.ACT);
        assertThat(robust.outliers()).containsExactlyInAnyOrder("web.7", "web.8");
        assertThat(slayer.outliers()).doesNotContain("web.7");
    }

    @Test
    void fastDynoUnderTheFloorIsNotActedOnHoweverFarAboveTheOthers() {
        Analysis analysis = OutlierDetector.analyze(formation(50, 50, 52, 48, 150), ROBUST);

        assertThat(analysis.decision()).isEqualTo(Decision.NONE);
        assertThat(analysis.dynos().get(4).thresholdMs()).isEqualTo(200.0);
    }

    @Test
    void theSameDynoAboveTheFloorIsActedOn() {
        Analysis analysis = OutlierDetector.analyze(formation(100, 100, 104, 96, 300), ROBUST);

        assertThat(analysis.outliers()).containsExactly("web.5");
    }

    @Test
    void aDynoUnderTheRatioIsNotAnOutlierEvenWhenItsPeersAgreeExactly() {
        Analysis analysis = OutlierDetector.analyze(formation(300, 300, 300, 300, 440), ROBUST);

        assertThat(analysis.decision()).isEqualTo(Decision.NONE);
        assertThat(analysis.dynos().get(4).thresholdMs()).isCloseTo(450.0, within(1e-6));
    }

    @Test
    void fewSamplesWidenTheBar() {
        List<DynoObservation> dynos = new ArrayList<>(formation(300, 310, 290, 305, 600));
        Analysis busy = OutlierDetector.analyze(dynos, ROBUST);
        dynos.replaceAll(d -> Dynos.withSamples(d, 32));
        Analysis quiet = OutlierDetector.analyze(dynos, ROBUST);

        assertThat(busy.dynos().get(4).thresholdMs()).isLessThan(quiet.dynos().get(4).thresholdMs());
        assertThat(busy.outliers()).containsExactly("web.5");
    }

    @Test
    void unknownLogSpreadIsJudgedCautiously() {
        List<DynoObservation> known = new ArrayList<>(formation(300, 310, 290, 305, 600));
        known.replaceAll(d -> new DynoObservation(d.dyno(), 40, 300, 300, d.trimmedMeanMs(), 0.4, 40, 0, true,
                Dynos.OLD));
        List<DynoObservation> unknown = new ArrayList<>(known);
        unknown.replaceAll(d -> new DynoObservation(d.dyno(), 40, 300, 300, d.trimmedMeanMs(), 40, 0, true,
                Dynos.OLD));

        assertThat(unknown.get(4).logSpread()).isNaN();
        assertThat(OutlierDetector.analyze(unknown, ROBUST).dynos().get(4).thresholdMs())
                .isGreaterThan(OutlierDetector.analyze(known, ROBUST).dynos().get(4).thresholdMs());
    }

    @Test
    void sameInputGivesTheSameAnalysis() {
        List<DynoObservation> dynos = formation(200, 210, 190, 205, 700);

        assertThat(OutlierDetector.analyze(dynos, ROBUST)).isEqualTo(OutlierDetector.analyze(dynos, ROBUST));
    }
}
