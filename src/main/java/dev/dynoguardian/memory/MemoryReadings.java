package dev.dynoguardian.memory;

import java.time.Instant;
import java.util.Optional;

/** The newest memory sample of each dyno, for status pages and metrics. */
public interface MemoryReadings {

    /**
     * One dyno's newest {@code log-runtime-metrics} sample.
     *
     * @param quotaMb    NaN when no sample of the dyno carried a quota
     * @param limitMb    the threshold the sample was judged against; NaN when it could not be judged
     * @param receivedAt when the sample arrived
     */
    record MemoryReading(double totalMb, double swapMb, double quotaMb, double limitMb, String incarnation,
                         Instant receivedAt) {

        /** memory_total over the quota (1.0 = at quota), or NaN without a quota. */
        public double fractionOfQuota() {
            return quotaMb > 0 ? totalMb / quotaMb : Double.NaN;
        }
    }

    Optional<MemoryReading> latest(String app, String dyno);
}
