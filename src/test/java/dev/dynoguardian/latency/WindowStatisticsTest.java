package dev.dynoguardian.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Statistics derived from a capture window's histogram. */
class WindowStatisticsTest {

    @Test
    void trimmedMeanIsTheGeometricMeanOfTheMiddle80Percent() {
        Histogram histogram = new Histogram(1, 3_600_000, 2);
        double logs = 0;
        for (int ms = 1; ms <= 100; ms++) {
            histogram.recordValue(ms);
            if (ms > 10 && ms <= 90) {
                logs += Math.log(ms);
            }
        }

        assertThat(WindowStatistics.trimmedMean(histogram)).isCloseTo(Math.exp(logs / 80), within(1e-9));
    }

    @Test
    void aFewMultiSecondRequestsMoveTheMeanButNotTheTrimmedMean() {
        Histogram histogram = new Histogram(1, 3_600_000, 2);
        long sum = 0;
        for (int i = 0; i < 40; i++) {
            long ms = i < 37 ? 100 : 20_000;
            histogram.recordValue(ms);
            sum += ms;
        }

        DynoObservation dyno = WindowStatistics.observe("web.1", histogram, sum, 40, 0, true, Duration.ofHours(1));

        assertThat(dyno.meanMs()).isGreaterThan(1500);
        assertThat(dyno.trimmedMeanMs()).isCloseTo(100, within(1e-9));
        assertThat(dyno.p50Ms()).isEqualTo(100);
        assertThat(dyno.samples()).isEqualTo(40);
    }

    @Test
    void logSpreadEstimatesTheLogNormalSigma() {
        Histogram histogram = new Histogram(1, 3_600_000, 2);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            histogram.recordValue(Math.round(200 * Math.exp(0.7 * random.nextGaussian())));
        }

        assertThat(WindowStatistics.logSpread(histogram)).isCloseTo(0.7, within(0.03));
        assertThat(WindowStatistics.trimmedMean(histogram)).isCloseTo(200, within(5.0));
    }

    @Test
    void anEmptyWindowHasNoStatistics() {
        DynoObservation dyno = WindowStatistics.observe("web.1", new Histogram(1, 3_600_000, 2), 0, 0, 0, true,
                Duration.ZERO);

        assertThat(dyno.samples()).isZero();
        assertThat(dyno.trimmedMeanMs()).isNaN();
    }
}
