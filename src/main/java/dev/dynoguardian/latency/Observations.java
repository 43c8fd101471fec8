package dev.dynoguardian.latency;

import dev.dynoguardian.heroku.PlatformFormation.PlatformDyno;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the detector is shown of a type's dynos: each one's window (merged with other instances') and uptime. */
final class Observations {

    private Observations() {
    }

    static List<DynoObservation> of(LatencyWindows windows, String app, List<PlatformDyno> dynos, Instant now,
                                    Map<String, List<SharedBucket>> others) {
        List<DynoObservation> observations = new ArrayList<>(dynos.size());
        for (PlatformDyno d : dynos) {
            observations.add(TypeCheck.observe(d, windows.snapshot(app, d.name(), now.toEpochMilli(),
                    others.getOrDefault(d.name(), List.of()),
                    d.upSince() != null ? d.upSince().toEpochMilli() : Long.MIN_VALUE), now));
        }
        return observations;
    }
}
