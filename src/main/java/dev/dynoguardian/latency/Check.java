package dev.dynoguardian.latency;

import static dev.dynoguardian.latency.OutlierDetector.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /** Dynos up and old enough, whether or not they had enough requests. */
    long ready() {
        return eligibility.stream().filter(Eligibility::ready).count();
    }

    /** Dynos whose latency is judged: up, old enough, with enough timed requests. */
    List<DynoObservation> candidates() {
        return with(Eligibility.CANDIDATE, Eligibility.CANDIDATE);
    }

    /** Dynos whose error rate is judged: the {@link #candidates()} and the {@link Eligibility#ERROR_RATE_ONLY} ones. */
    List<DynoObservation> errorCandidates() {
        return with(Eligibility.CANDIDATE, Eligibility.ERROR_RATE_ONLY);
    }

    Analysis unjudged(Decision decision, String reason) {
        return unjudged(decision, reason, false);
    }

    /** {@code undersampled}: fewer than half of the dynos have enough timed requests, which the analysis warns of. */
    Analysis unjudged(Decision decision, String reason, boolean undersampled) {
        List<DynoAssessment> assessments = new ArrayList<>(dynos.size());
        for (int i = 0; i < dynos.size(); i++) {
            assessments.add(DynoAssessment.notJudged(dynos.get(i), eligibility.get(i), stat(dynos.get(i))));
        }
        return analysis(decision, reason, assessments, List.of(), undersampled, List.of());
    }

    /**
     * Builds the analysis from the latency verdicts on {@link #candidates()} (null when latency was not judged) and
     * the error-rate thresholds of {@link #errorCandidates()}, each by dyno name; {@code undersampled} as for
     * {@link #unjudged(Decision, String, boolean)}.
     */
    Analysis judged(Map<String, LatencyVerdict> verdicts, Map<String, Double> errorThresholds, boolean undersampled) {
        List<DynoAssessment> assessments = new ArrayList<>(dynos.size());
        List<String> outliers = new ArrayList<>();
        List<Double> statistics = new ArrayList<>();
        int counted = 0;
        for (int i = 0; i < dynos.size(); i++) {
            DynoObservation dyno = dynos.get(i);
            Eligibility e = eligibility.get(i);
            if (e != Eligibility.CANDIDATE && e != Eligibility.ERROR_RATE_ONLY) {
                assessments.add(DynoAssessment.notJudged(dyno, e, stat(dyno)));
                continue;
            }
            LatencyVerdict latency = e == Eligibility.CANDIDATE && verdicts != null ? verdicts.get(dyno.dyno()) : null;
            double errorThreshold = errorThresholds.get(dyno.dyno());
            counted++;
            List<String> findings = new ArrayList<>(latency == null ? List.of() : latency.findings());
            ErrorRateRule.finding(dyno, errorThreshold, settings).ifPresent(findings::add);
            DynoAssessment assessment = DynoAssessment.judged(dyno, e, stat(dyno), latency, errorThreshold, findings);
            assessments.add(assessment);
            if (latency != null) {
                statistics.add(assessment.statisticMs());
            }
            if (assessment.outlier()) {
                outliers.add(dyno.dyno());
            }
        }
        long slowerThanFastest = verdicts == null ? 0
                : verdicts.values().stream().filter(LatencyVerdict::slowerThanFastest).count();
        double[] values = statistics.stream().mapToDouble(Double::doubleValue).toArray();
        if (2 * slowerThanFastest > values.length) {
            String reason = format("%d of %d candidates are slow next to the fastest quarter (%s %.0f ms): load or"
                    + " a dependency, not one dyno", slowerThanFastest, values.length, statistic.label(),
                    RobustStats.lowerQuartile(values));
            return analysis(Decision.SYSTEMIC, reason, assessments, List.of(), undersampled, List.of());
        }
        double median = RobustStats.median(values);
        List<String> warnings = new ArrayList<>(1);
        if (outliers.isEmpty() && values.length > 0 && median > settings.minThresholdMs()) {
            warnings.add(format("the formation's median %s %.0f ms is above the %.0f ms floor: if that is new,"
                    + " look at load or a dependency", statistic.label(), median, settings.minThresholdMs()));
        }
        if (outliers.isEmpty()) {
            return analysis(Decision.NONE, format("no dyno stands out among %d candidates", counted),
                    assessments, outliers, undersampled, warnings);
        }
        return analysis(Decision.ACT, format("%d outlier(s) among %d candidates: %s", outliers.size(),
                counted, String.join(",", outliers)), assessments, outliers, undersampled, warnings);
    }

    private Analysis analysis(Decision decision, String reason, List<DynoAssessment> assessments,
                              List<String> outliers, boolean undersampled, List<String> otherWarnings) {
        List<String> warnings = new ArrayList<>(otherWarnings.size() + 1);
        if (undersampled) {
            warnings.add(format("only %d of %d dynos have at least %d samples; judging those only",
                    candidates().size(), dynos.size(), settings.minSamples()));
        }
        warnings.addAll(otherWarnings);
        return new Analysis(settings.method(), statistic.label(), decision, reason, assessments, outliers, warnings,
                undersampled);
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
        if (dyno.samples() >= settings.minSamples()) {
            return Eligibility.CANDIDATE;
        }
        return dyno.requests() >= settings.minSamples() ? Eligibility.ERROR_RATE_ONLY : Eligibility.FEW_SAMPLES;
    }

    private List<DynoObservation> with(Eligibility one, Eligibility other) {
        List<DynoObservation> matching = new ArrayList<>(dynos.size());
        for (int i = 0; i < dynos.size(); i++) {
            if (eligibility.get(i) == one || eligibility.get(i) == other) {
                matching.add(dynos.get(i));
            }
        }
        return matching;
    }
}
