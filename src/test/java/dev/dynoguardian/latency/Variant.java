package dev.dynoguardian.latency;

import java.util.List;

/** A way of judging a simulated check: the two methods, and the ROBUST method on other statistics. */
enum Variant {

    ROBUST("ROBUST"),
    SLAYER("SLAYER"),
    ROBUST_ON_P50("ROBUST on p50"),
    ROBUST_ON_MEAN("ROBUST on mean");

    final String label;

    Variant(String label) {
        this.label = label;
    }

    Analysis analyze(List<DynoObservation> dynos) {
        DetectorSettings defaults = DetectorSettings.defaults();
        return switch (this) {
            case ROBUST -> OutlierDetector.analyze(dynos, defaults);
            case SLAYER -> OutlierDetector.analyze(dynos, defaults.withMethod(DetectionMethod.SLAYER));
            case ROBUST_ON_P50 -> OutlierDetector.analyze(dynos, defaults, LatencyStatistic.P50);
            case ROBUST_ON_MEAN -> OutlierDetector.analyze(dynos, defaults, LatencyStatistic.MEAN);
        };
    }
}
