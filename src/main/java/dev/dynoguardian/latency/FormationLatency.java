package dev.dynoguardian.latency;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Each dyno's latency window in numbers, merged with the buckets the app's other guardian instances published
 * ({@link SharedWindows}): logplex spreads the router lines over the instances, so this is what every instance's charts
 * show, whichever share it received. One database read per call; without the database, this instance's own windows.
 */
@Component
public class FormationLatency {

    private static final Logger log = LoggerFactory.getLogger(FormationLatency.class);

    private final LatencyWindows windows;
    private final SharedWindows shared;

    FormationLatency(LatencyWindows windows, SharedWindows shared) {
        this.windows = windows;
        this.shared = shared;
    }

    /**
     * The readings of {@code dynos} and of every other dyno another instance published buckets for, by dyno. A
     * dyno's buckets from before this instance last cleared its window (a restart) are left out; those of a dyno this
     * instance never heard from are all in the window, whichever incarnation sent them.
     */
    public Map<String, LatencyReading> readings(String app, Collection<String> dynos, Instant now) {
        Map<String, List<SharedBucket>> others;
        try {
            others = shared.others(app, now);
        } catch (DataAccessException e) {
            log.warn("latency-share app={} could not read the other instances' buckets: {}", app, e.toString());
            others = Map.of();
        }
        Set<String> names = new LinkedHashSet<>(dynos);
        names.addAll(others.keySet());
        Map<String, LatencyReading> readings = new LinkedHashMap<>();
        for (String dyno : names) {
            windows.reading(app, dyno, now.toEpochMilli(), others.getOrDefault(dyno, List.of()))
                    .ifPresent(r -> readings.put(dyno, r));
        }
        return readings;
    }
}
