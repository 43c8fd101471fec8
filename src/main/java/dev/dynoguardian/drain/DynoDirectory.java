package dev.dynoguardian.drain;

/**
 * Which dyno names the platform itself vouches for: the Platform API's own list of an app's dynos, implemented outside
 * the drain. A drain line can name any dyno it likes; only this list says which dynos exist. With
 * {@code guardian.dry-run=true}, which calls no API, nothing is listed and the drain is judged on its own.
 */
public interface DynoDirectory {

    /** True when the app's latest list from the platform names the dyno. */
    boolean lists(String app, String dyno);

    /** The drain met a name the list does not have (a new dyno, or an invented one): ask for a fresh list, rate-limited. */
    void unlistedSeen(String app);
}
