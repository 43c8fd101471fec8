package dev.dynoguardian.drain;

/**
 * Receives every accepted batch on the drain's request thread. Implementations must be quick and must not block:
 * in-memory bookkeeping only, with database work, API calls and notifications handed to their own executors, so a
 * slow database or Heroku API never slows the drain.
 */
public interface DrainListener {

    void onBatch(DrainBatch batch);

    /** True when this listener needs the app's own lines ({@link HerokuEvent.AppLine}); they are dropped otherwise. */
    default boolean wantsAppLines() {
        return false;
    }
}
