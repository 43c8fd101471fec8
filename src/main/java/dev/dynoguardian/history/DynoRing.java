package dev.dynoguardian.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One dyno name's last {@value #CAPACITY} samples in primitive arrays (17 bytes a sample, about 12 KB a dyno; times
 * as seconds after the first sample), with
 * the incarnation each belongs to. At most {@value #INCARNATIONS} incarnations are remembered; the samples of one
 * forgotten are dropped with it, so a sample is never shown under another incarnation. A sample taken in the same
 * second as the newest replaces it. Safe for one writer and any number of readers.
 */
final class DynoRing {

    static final int CAPACITY = 720;
    static final int INCARNATIONS = 8;

    /** A sample; NaN where the value is unknown. */
    record Sample(long epochSecond, float memoryMb, float p50Ms, float p95Ms) {
    }

    /** The samples of one incarnation, oldest first. */
    record Series(String incarnation, float quotaMb, List<Sample> samples) {
    }

    private final int[] seconds = new int[CAPACITY];
    private final float[] memory = new float[CAPACITY];
    private final float[] p50 = new float[CAPACITY];
    private final float[] p95 = new float[CAPACITY];
    private final byte[] incarnationOf = new byte[CAPACITY];
    private final String[] incarnations = new String[INCARNATIONS];
    private final float[] quotas = new float[INCARNATIONS];
    private long base = Long.MIN_VALUE;
    private int next;
    private int size;
    private int current = -1;

    synchronized void add(long epochSecond, String incarnation, float memoryMb, float quotaMb, float p50Ms,
                          float p95Ms) {
        if (base == Long.MIN_VALUE) {
            base = epochSecond;
        }
        int offset = (int) (epochSecond - base);
        int slot = slotOf(incarnation == null ? "" : incarnation);
        if (!Float.isNaN(quotaMb)) {
            quotas[slot] = quotaMb;
        }
        int at;
        if (size > 0 && seconds[newestIndex()] == offset && incarnationOf[newestIndex()] == slot) {
            at = newestIndex();
        } else {
            at = next;
            next = (next + 1) % CAPACITY;
            size = Math.min(CAPACITY, size + 1);
        }
        seconds[at] = offset;
        memory[at] = memoryMb;
        p50[at] = p50Ms;
        p95[at] = p95Ms;
        incarnationOf[at] = (byte) slot;
    }

    /** Epoch second of the newest sample, or {@code Long.MIN_VALUE} when there is none. */
    synchronized long newest() {
        return size == 0 ? Long.MIN_VALUE : base + seconds[newestIndex()];
    }

    /** The samples taken at or after {@code fromSecond}, per incarnation in the order they began. */
    synchronized List<Series> since(long fromSecond) {
        Map<Integer, Series> bySlot = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            int index = (next - size + i + CAPACITY) % CAPACITY;
            int slot = incarnationOf[index];
            if (slot < 0 || base + seconds[index] < fromSecond) {
                continue;
            }
            bySlot.computeIfAbsent(slot, k -> new Series(incarnations[k], quotas[k], new ArrayList<>())).samples()
                    .add(new Sample(base + seconds[index], memory[index], p50[index], p95[index]));
        }
        return List.copyOf(bySlot.values());
    }

    private int newestIndex() {
        return (next - 1 + CAPACITY) % CAPACITY;
    }

    /** The incarnation's slot; a new one takes the next slot, dropping the samples of whichever held it. */
    private int slotOf(String incarnation) {
        if (current >= 0 && incarnation.equals(incarnations[current])) {
            return current;
        }
        for (int i = 0; i < INCARNATIONS; i++) {
            if (incarnation.equals(incarnations[i])) {
                current = i;
                return i;
            }
        }
        current = (current + 1) % INCARNATIONS;
        if (incarnations[current] != null) {
            for (int i = 0; i < CAPACITY; i++) {
                if (incarnationOf[i] == current) {
                    incarnationOf[i] = -1;
                }
            }
        }
        incarnations[current] = incarnation;
        quotas[current] = Float.NaN;
        return current;
    }
}
