package dev.dynoguardian.system;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names the guardian's own background threads, which never keep the JVM alive on their own. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Daemon threads called {@code name}, or {@code name-2}, {@code name-3}... after the first. */
    public static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            int n = count.incrementAndGet();
            Thread t = new Thread(runnable, n == 1 ? name : name + "-" + n);
            t.setDaemon(true);
            return t;
        };
    }
}
