package dev.dynoguardian.demo;

import dev.dynoguardian.drain.DynoState;
import java.util.UUID;

/**
 * One simulated dyno: its incarnation, state, memory and response times, in simulated seconds. Replacing it (a
 * restart) gives a new incarnation, memory back to its baseline and normal latency, as on Heroku.
 */
final class SimulatedDyno {

    static final double QUOTA_MB = 512;

    final String name;
    final double baselineMb;
    String incarnation = UUID.randomUUID().toString();
    DynoState state = DynoState.UP;
    double upSince;
    double memoryMb;
    double leakMbPerSecond;
    double slowFactor = 1;
    double bootsAt = -1;
    double nextSampleAt;

    SimulatedDyno(String name, double baselineMb, double firstSample) {
        this.name = name;
        this.baselineMb = baselineMb;
        this.memoryMb = baselineMb;
        this.upSince = -3600;
        this.nextSampleAt = firstSample;
    }

    boolean web() {
        return name.startsWith("web.");
    }

    boolean up() {
        return state == DynoState.UP;
    }

    /** Begins a restart: the old incarnation stops, the new one boots until {@code bootsAt}. */
    void replace(double now, double bootSeconds) {
        incarnation = UUID.randomUUID().toString();
        state = DynoState.STARTING;
        bootsAt = now + bootSeconds;
        memoryMb = baselineMb;
        leakMbPerSecond = 0;
        slowFactor = 1;
    }

    /** Finishes booting if it is time; true when the dyno came up now. */
    boolean boot(double now) {
        if (state == DynoState.STARTING && now >= bootsAt) {
            state = DynoState.UP;
            upSince = now;
            return true;
        }
        return false;
    }
}
