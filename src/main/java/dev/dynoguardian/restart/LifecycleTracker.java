package dev.dynoguardian.restart;

import dev.dynoguardian.drain.DrainBatch;
import dev.dynoguardian.drain.DrainListener;
import dev.dynoguardian.drain.HerokuEvent;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** Rule 3's other half: a restart stays in flight until the platform says {@code State changed from starting to up}. */
@Component
class LifecycleTracker implements DrainListener {

    private final RestartPolicy policy;

    LifecycleTracker(RestartPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void onBatch(DrainBatch batch) {
        for (HerokuEvent event : batch.events()) {
            if (event instanceof HerokuEvent.Lifecycle l && l.cameUp()) {
                policy.dynoUp(batch.app(), l.dyno(), Instant.ofEpochMilli(Math.min(l.at(), batch.receivedAt())));
            }
        }
    }
}
