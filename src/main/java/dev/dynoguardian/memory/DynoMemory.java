package dev.dynoguardian.memory;

import dev.dynoguardian.drain.HerokuEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * What the memory guardian knows of one dyno: its latest sample and whether it was over its limit, the latest
 * {@code Process running mem=} line and R14/R15. Times are the guardian's receive times in epoch ms. Guarded by its
 * own monitor; the drain thread writes, the policy thread reads when it re-checks a queued restart.
 */
final class DynoMemory {

    private HerokuEvent.MemorySample sample;
    private long sampleAt;
    private boolean sampleOver;
    private double limitMb = Double.NaN;
    private double knownQuotaMb = Double.NaN;
    private HerokuEvent.ProcessMemory processMemory;
    private long processMemoryAt;
    private String lastError;
    private long errorAt;
    private long sequence;
    private long sampleSequence;
    private long errorSequence;
    private long processMemorySequence;
    private final Incarnations incarnations = new Incarnations();

    /** Takes the sample's incarnation; false for a sample of an incarnation already replaced (see Incarnations). */
    synchronized boolean current(HerokuEvent.MemorySample s, long receivedAt) {
        return incarnations.accept(s.incarnation(), receivedAt);
    }

    /** True shortly after the dyno got a new incarnation, while its predecessor may still be logging (preboot). */
    synchronized boolean justReplaced(long now, long graceMillis) {
        return incarnations.replacedWithin(now, graceMillis);
    }

    synchronized void sample(HerokuEvent.MemorySample s, long receivedAt, double limit, boolean over) {
        sample = s;
        limitMb = limit;
        sampleAt = receivedAt;
        sampleOver = over;
        sampleSequence = ++sequence;
        if (!Double.isNaN(s.quotaMb())) {
            knownQuotaMb = s.quotaMb();
        }
    }

    synchronized void processMemory(HerokuEvent.ProcessMemory p, long receivedAt) {
        processMemory = p;
        processMemoryAt = receivedAt;
        processMemorySequence = ++sequence;
    }

    synchronized void error(String code, long receivedAt) {
        lastError = code;
        errorAt = receivedAt;
        errorSequence = ++sequence;
    }

    /** True when nothing arrived for the dyno since {@code cutoff} (epoch ms). */
    synchronized boolean silentSince(long cutoff) {
        return Math.max(sampleAt, Math.max(errorAt, processMemoryAt)) < cutoff;
    }

    synchronized double knownQuotaMb() {
        return knownQuotaMb;
    }

    /** The newest sample as a reading, if any sample arrived. */
    synchronized Optional<MemoryReadings.MemoryReading> reading() {
        if (sample == null) {
            return Optional.empty();
        }
        return Optional.of(new MemoryReadings.MemoryReading(sample.totalMb(), sample.swapMb(), knownQuotaMb, limitMb,
                sample.incarnation(), Instant.ofEpochMilli(sampleAt)));
    }

    synchronized String incarnation() {
        return incarnations.current();
    }

    /**
     * True when the newest fresh evidence says the dyno is over its limit: an R14/R15 that arrived after the latest
     * sample, else the latest sample; false when the newest evidence is a sample under the limit or nothing is fresh.
     */
    synchronized boolean over(long now, long ttlMillis) {
        boolean freshError = lastError != null && now - errorAt <= ttlMillis;
        boolean freshSample = sample != null && now - sampleAt <= ttlMillis;
        if (freshError && (!freshSample || errorSequence > sampleSequence)) {
            return true;
        }
        return freshSample && sampleOver;
    }

    /** The memory measured most recently, in words, for evidence ({@code 768 MB of 512 MB quota}). */
    synchronized String describe(long now, long ttlMillis) {
        if (processMemory != null && now - processMemoryAt <= ttlMillis && processMemorySequence > sampleSequence) {
            String percent = Double.isNaN(processMemory.percentOfQuota()) ? ""
                    : " (" + MemoryThreshold.format(processMemory.percentOfQuota()) + "% of quota)";
            return MemoryThreshold.format(processMemory.mb()) + " MB" + percent;
        }
        if (sample != null) {
            String quota = Double.isNaN(knownQuotaMb) ? "" : " of " + MemoryThreshold.format(knownQuotaMb) + " MB quota";
            return MemoryThreshold.format(Math.round(sample.totalMb())) + " MB" + quota;
        }
        return "memory quota exceeded";
    }
}
