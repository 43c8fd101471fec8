package dev.dynoguardian.drain;

/** What a drain line was recognised as; the tag of the {@code guardian.drain.lines} metric. */
public enum LineKind {
    MEMORY_SAMPLE, LOAD_SAMPLE, R14, R15, PROCESS_MEMORY, LIFECYCLE, ROUTER, L10, OTHER_PLATFORM, APP;

    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
