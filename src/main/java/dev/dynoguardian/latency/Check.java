package dev.dynoguardian.latency;

import static dev.dynoguardian.latency.OutlierDetector.format;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One check in progress: the dynos, who is a candidate, and the building of the {@link Analysis}. */
final class Check {

    private final List<DynoObservation> dynos;
    private final DetectorSettings settings;
    private final LatencyStatistic statistic;
    private final List<Eligibility> eligibility;

    Check(List<DynoObservation> dynos, DetectorSettings settings, LatencyStatistic statistic) {
        this.dynos = List.copyOf(dynos);
        this.settings = settings;
        this.statistic = statistic;
        this.eligibility = this.dynos.stream().map(this::eligibility).toList();
    }

    long count(Eligibility wanted) {
        return eligibility.stream().filter(e -> e == wanted).count();
    }

    List<DynoObservation> candidates() {
        List<DynoObservation> candidates = new ArrayList<>(dynos.size());
        for (int i = 0; i < dynos.size(); i++) {
            if (eligibility.get(i) == Eligibility.CANDIDATE) {
                candidates.add(dynos.get(i));
            }
        }
        return candidates;
    }

    Analysis unjudged(Decision decision, String reason) {
        return unjudged(decision, reason, List.of());
    }

    Analysis unjudged(Decision decision, String reason, List<String> warnings) {
        List<DynoAssessment> assessments = new ArrayList<>(dynos.size());
        for (int i = 0; i < dynos.size(); i++) {
            assessments.add(DynoAssessment.notJudged(dynos.get(i), eligibility.get(i), stat(dynos.get(i))));
        }
        return analysis(decision, reason, assessments, List.of(), warnings);
    }

    /** Builds the analysis from the verdicts on {@link #candidates()}, in that order. */
    Analysis judged(Verdict[] verdicts, List<String> warnings) {
        List<DynoAssessment> assessments = new ArrayList<>(dynos.size());
        List<String> outliers = new ArrayList<>();
        List<Double> statistics = new ArrayList<>();
        for (int i = 0; i < dynos.size(); i++) {
            DynoObservation dyno = dynos.get(i);
            if (eligibility.get(i) != Eligibility.CANDIDATE) {
                assessments.add(DynoAssessment.notJudged(dyno, eligibility.get(i), stat(dyno)));
                continue;
            }
            DynoAssessment assessment = DynoAssessment.judged(dyno, stat(dyno), verdicts[statistics.size()]);
            assessments.add(assessment);
            statistics.add(assessment.statisticMs());
            if (assessment.outlier()) {
                outliers.add(dyno.dyno());
            }
        }
        boolean robust = settings.method() == DetectionMethod.ROBUST;
        long slowerThanFastest = Arrays.stream(verdicts).filter(Verdict::slowerThanFastest).count();
        double[] values = statistics.stream().mapToDouble(Double::doubleValue).toArray();
        if (robust && 2 * slowerThanFastest > values.length) {
            return analysis(Decision.SYSTEMIC, format("%d of %d candidates are slow next to the fastest quarter"
                    + " (%s %.0f ms): load or a dependency, not one dyno", slowerThanFastest, values.length,
                    statistic.label(), RobustStats.lowerQuartile(values)), assessments, List.of(), warnings);
        }
        double median = RobustStats.median(values);
        if (robust && outliers.isEmpty() && median > settings.minThresholdMs()) {
            warnings = new ArrayList<>(warnings);
            warnings.add(format("the formation's median %s %.0f ms is above the %.0f ms floor: if that is new,"
                    + " look at load or a dependency", statistic.label(), median, settings.minThresholdMs()));
        }
        if (outliers.isEmpty()) {
            return analysis(Decision.NONE, format("no dyno stands out among %d candidates", statistics.size()),
                    assessments, outliers, warnings);
        }
        return analysis(Decision.ACT, format("%d outlier(s) among %d candidates: %s", outliers.size(),
                statistics.size(), String.join(",", outliers)), assessments, outliers, warnings);
    }

    private Analysis analysis(Decision decision, String reason, List<DynoAssessment> assessments,
                              List<String> outliers, List<String> warnings) {
        return new Analysis(settings.method(), statistic.label(), decision, reason, assessments, outliers, warnings);
    }

    private double stat(DynoObservation dyno) {
        return dyno.samples() == 0 ? Double.NaN : statistic.of(dyno);
    }

    private Eligibility eligibility(DynoObservation dyno) {
        if (!dyno.up()) {
            return Eligibility.DOWN;
        }
        if (dyno.uptime().compareTo(settings.minUptime()) < 0) {
            return Eligibility.TOO_YOUNG;
        }
        return dyno.samples() < settings.minSamples() ? Eligibility.FEW_SAMPLES : Eligibility.CANDIDATE;
    }
}
