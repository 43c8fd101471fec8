package dev.dynoguardian.drain;

/**
 * What a drain line was recognised as; the tag of the {@code guardian.drain.lines} metric. {@link #INVALID_DYNO} is a
 * platform line the guardian would have acted on but that names no single valid dyno (see {@link DynoName#isDyno}):
 * it yields no event.
 */
public enum LineKind {
    MEMORY_SAMPLE, LOAD_SAMPLE, R14, R15, PROCESS_MEMORY, LIFECYCLE, ROUTER, L10, OTHER_PLATFORM, APP, INVALID_DYNO;

    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
