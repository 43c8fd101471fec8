package dev.dynoguardian.latency;

import static dev.dynoguardian.latency.Dynos.formation;
import static dev.dynoguardian.latency.Dynos.withErrors;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Error-rate outliers: found when real, not for a few idle-connection H13s. */
class ErrorRateRuleTest {

    private static final DetectorSettings SETTINGS = DetectorSettings.defaults();

    private static List<DynoObservation> withErrorCounts(long requests, long... errors) {
        List<DynoObservation> dynos = new ArrayList<>(formation(new double[errors.length]));
        dynos.replaceAll(d -> withErrors(Dynos.dyno(d.dyno(), 180), requests, 0));
        for (int i = 0; i < errors.length; i++) {
            dynos.set(i, withErrors(dynos.get(i), requests, errors[i]));
        }
        return dynos;
    }

    @Test
    void aDynoFailingFarMoreOftenThanTheOthersIsAnOutlier() {
        Analysis analysis = OutlierDetector.analyze(withErrorCounts(1000, 5, 8, 3, 150, 6), SETTINGS);

        assertThat(analysis.decision()).isEqualTo(Decision.ACT);
        assertThat(analysis.outliers()).containsExactly("web.4");
        assertThat(analysis.why()).isEqualTo("web.4: error rate 15.0% (150/1000) > 5.0%");
    }

    @Test
    void aFewIdleConnectionH13sDoNotEjectADyno() {
        Analysis analysis = OutlierDetector.analyze(withErrorCounts(120, 0, 0, 3, 0, 0), SETTINGS);

        assertThat(analysis.decision()).isEqualTo(Decision.NONE);
    }

    @Test
    void aHighRateNeedsAtLeastMinErrors() {
        Analysis analysis = OutlierDetector.analyze(withErrorCounts(100, 0, 1, 9, 0, 1), SETTINGS);

        assertThat(analysis.dynos().get(2).errorRateThreshold()).isLessThan(0.09);
        assertThat(analysis.decision()).isEqualTo(Decision.NONE);
    }

    @Test
    void quietDynosErrorRatesAreNotJudged() {
        Analysis analysis = OutlierDetector.analyze(withErrorCounts(99, 0, 0, 60, 0, 0), SETTINGS);

        assertThat(analysis.dynos().get(2).errorRateThreshold()).isNaN();
        assertThat(analysis.decision()).isEqualTo(Decision.NONE);
    }

    @Test
    void appWideErrorsAreNobodysOutlier() {
        Analysis analysis = OutlierDetector.analyze(withErrorCounts(1000, 80, 95, 70, 110, 90), SETTINGS);

        assertThat(analysis.decision()).isEqualTo(Decision.NONE);
    }

    @Test
    void theCountingBarKeepsAModestExcessOnAQuietDynoFromCounting() {
        Analysis analysis = OutlierDetector.analyze(withErrorCounts(200, 4, 5, 15, 3, 4), SETTINGS);

        assertThat(analysis.dynos().get(2).errorRateThreshold()).isGreaterThan(0.075);
        assertThat(analysis.decision()).isEqualTo(Decision.NONE);
    }

    @Test
    void aDynoAnsweringOnlyWithErrorsIsAnErrorRateOutlier() {
        List<DynoObservation> dynos = new ArrayList<>(formation(180, 190, 185, 175, 180));
        dynos.set(2, onlyErrors("web.3", 150));

        Analysis analysis = OutlierDetector.analyze(dynos, SETTINGS);

        assertThat(analysis.decision()).isEqualTo(Decision.ACT);
        assertThat(analysis.outliers()).containsExactly("web.3");
        assertThat(analysis.why()).isEqualTo("web.3: error rate 100.0% (150/150) > 5.0%");
        assertThat(analysis.dynos().get(2).eligibility()).isEqualTo(Eligibility.ERROR_RATE_ONLY);
        assertThat(analysis.dynos().get(2).thresholdMs()).isNaN();
        assertThat(analysis.dynos().get(2).compact()).isEqualTo("web.3 - n=0 err=150/150 error_rate_only OUTLIER");
    }

    @Test
    void aDynoAnsweringMostlyWithErrorsIsJudgedOnAllItsRequests() {
        List<DynoObservation> dynos = new ArrayList<>(formation(180, 190, 185, 175, 180));
        dynos.set(4, new DynoObservation("web.5", 12, 180, 180, 180, 0.6, 160, 148, true, Dynos.OLD));

        Analysis analysis = OutlierDetector.analyze(dynos, SETTINGS);

        assertThat(analysis.outliers()).containsExactly("web.5");
        assertThat(analysis.dynos().get(4).eligibility()).isEqualTo(Eligibility.ERROR_RATE_ONLY);
    }

    @Test
    void inAFormationOfThreeAHungDynoIsFoundThoughOnlyTwoDynosAreTimed() {
        List<DynoObservation> dynos = new ArrayList<>(formation(180, 190, 185));
        dynos.set(0, onlyErrors("web.1", 120));

        Analysis analysis = OutlierDetector.analyze(dynos, SETTINGS);

        assertThat(analysis.decision()).isEqualTo(Decision.ACT);
        assertThat(analysis.outliers()).containsExactly("web.1");
    }

    @Test
    void aDynoWithFewRequestsOfAnyKindIsNotJudged() {
        List<DynoObservation> dynos = new ArrayList<>(formation(180, 190, 185, 175, 180));
        dynos.set(2, onlyErrors("web.3", 31));

        Analysis analysis = OutlierDetector.analyze(dynos, SETTINGS);

        assertThat(analysis.decision()).isEqualTo(Decision.NONE);
        assertThat(analysis.dynos().get(2).eligibility()).isEqualTo(Eligibility.FEW_SAMPLES);
    }

    /** A dyno whose every request failed (H12, H13, ...): no timed request at all. */
    private static DynoObservation onlyErrors(String name, long requests) {
        return new DynoObservation(name, 0, Double.NaN, Double.NaN, Double.NaN, requests, requests, true, Dynos.OLD);
    }

    @Test
    void theSlayerIgnoresErrors() {
        Analysis analysis = OutlierDetector.analyze(withErrorCounts(1000, 5, 8, 3, 900, 6),
                SETTINGS.withMethod(DetectionMethod.SLAYER));

        assertThat(analysis.decision()).isEqualTo(Decision.NONE);
    }
}
