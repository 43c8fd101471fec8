package dev.dynoguardian.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Invariants of the rules over 1,000 seeded random formations each. */
class DetectorInvariantsTest {

    private static final int CASES = 1000;
    private static final DetectorSettings NO_FLOOR = DetectorSettings.defaults().withMinThresholdMs(0);

    private final SplittableRandom random = new SplittableRandom(20_240_601);

    @Test
    void theSlayersZScoreNeverExceedsSqrtOfNMinusOne() {
        for (int c = 0; c < CASES; c++) {
            double[] means = means(3 + random.nextInt(48), 1, 100_000);
            Analysis analysis = OutlierDetector.analyze(Dynos.formation(means),
                    NO_FLOOR.withMethod(DetectionMethod.SLAYER));
            double bound = Math.sqrt(means.length - 1);
            for (DynoAssessment dyno : analysis.dynos()) {
                double stdev = (dyno.thresholdMs() - dyno.referenceMs()) / NO_FLOOR.slayerDeviations();
                if (stdev > 0) {
                    assertThat((dyno.statisticMs() - dyno.referenceMs()) / stdev).isLessThanOrEqualTo(bound + 1e-9);
                }
            }
        }
    }

    @Test
    void theSlayerNeverActsOnFiveDynos() {
        for (int c = 0; c < CASES; c++) {
            double[] means = means(5, 1, 100_000);
            means[random.nextInt(5)] *= 1 + random.nextInt(1000);

            Analysis analysis = OutlierDetector.analyze(Dynos.formation(means),
                    NO_FLOOR.withMethod(DetectionMethod.SLAYER));
            assertThat(analysis.decision()).isNotEqualTo(Decision.ACT);
            assertThat(analysis.dynos()).noneMatch(DynoAssessment::outlier);
        }
    }

    @Test
    void identicalDynosAreNeverOutliers() {
        for (int c = 0; c < CASES; c++) {
            double[] values = new double[3 + random.nextInt(58)];
            Arrays.fill(values, 1 + 60_000 * random.nextDouble());

            assertThat(OutlierDetector.analyze(Dynos.formation(values), NO_FLOOR).outliers()).isEmpty();
        }
    }

    @Test
    void theOrderOfTheDynosDoesNotMatter() {
        for (int c = 0; c < CASES; c++) {
            List<DynoObservation> dynos = Dynos.formation(means(3 + random.nextInt(28), 50, 5_000));
            List<DynoObservation> shuffled = new ArrayList<>(dynos);
            Collections.shuffle(shuffled, new Random(random.nextLong()));

            Analysis original = OutlierDetector.analyze(dynos, DetectorSettings.defaults());
            Analysis reordered = OutlierDetector.analyze(shuffled, DetectorSettings.defaults());

            assertThat(reordered.decision()).isEqualTo(original.decision());
            assertThat(reordered.outliers()).containsExactlyInAnyOrderElementsOf(original.outliers());
        }
    }

    @Test
    void everyBarIsAtLeastMinRatioTimesTheOthersMedian() {
        for (int c = 0; c < CASES; c++) {
            Analysis analysis = OutlierDetector.analyze(Dynos.formation(means(3 + random.nextInt(28), 50, 5_000)),
                    NO_FLOOR);

            for (DynoAssessment dyno : analysis.dynos()) {
                assertThat(dyno.thresholdMs()).isGreaterThanOrEqualTo(1.5 * dyno.referenceMs() * (1 - 1e-12));
            }
        }
    }

    private double[] means(int n, double from, double to) {
        return random.doubles(n, from, to).toArray();
    }
}
