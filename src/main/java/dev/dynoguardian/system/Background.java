package dev.dynoguardian.system;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The guardian's own background threads, started, named and stopped the same way everywhere: daemon threads named
 * after what they do ({@link DaemonThreads}), tasks run in order of submission, and {@link #stop} interrupting what
 * runs and dropping what waits. Periodic tasks run with a fixed delay, so a slow run never piles up behind itself.
 */
public final class Background {

    private final ScheduledThreadPoolExecutor executor;

    private Background(String name, int threads) {
        this.executor = new ScheduledThreadPoolExecutor(threads, DaemonThreads.named(name));
    }

    /** One thread called {@code name}. */
    public static Background thread(String name) {
        return new Background(name, 1);
    }

    /** {@code threads} threads called {@code name}, {@code name-2}... */
    public static Background pool(String name, int threads) {
        return new Background(name, threads);
    }

    public void execute(Runnable task) {
        executor.execute(task);
    }

    /** Runs {@code task} once after {@code delay}. */
    public ScheduledFuture<?> after(Duration delay, Runnable task) {
        return executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} after {@code first}, then {@code delay} after each run ends. */
    public ScheduledFuture<?> every(Duration first, Duration delay, Runnable task) {
        return executor.scheduleWithFixedDelay(task, first.toMillis(), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Interrupts what runs, drops what waits, and waits up to {@code grace} for it to end; false if it did not. */
    public boolean stop(Duration grace) throws InterruptedException {
        executor.shutdownNow();
        return executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Lets what runs finish (periodic tasks do not run again) for up to {@code grace}, then interrupts it; false if it
     * still did not end.
     */
    public boolean finish(Duration grace) throws InterruptedException {
        executor.shutdown();
        return executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS) || stop(Duration.ZERO);
    }

    /** Interrupts what runs and drops what waits, without waiting. */
    public void stop() {
        executor.shutdownNow();
    }
}
