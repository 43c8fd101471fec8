package dev.dynoguardian.drain;

/**
 * Heroku's dyno states ({@code crashed}, {@code down}, {@code idle}, {@code starting}, {@code up}), as lifecycle lines
 * ({@code State changed from up to starting}) and the Platform API name them. A state read from the drain is one of
 * these shared constants or nothing, so no other text taken from a line can pass for a state.
 */
final class DynoStates {

    private static final String[] STATES = {"crashed", "down", "idle", "starting", "up"};
    private static final byte[][] BYTES = {Bytes.ascii("crashed"), Bytes.ascii("down"), Bytes.ascii("idle"),
        Bytes.ascii("starting"), Bytes.ascii("up")};

    private DynoStates() {
    }

    /** The state spelled by the bytes {@code [from, to)}, or null when they spell none. */
    static String of(byte[] b, int from, int to) {
        for (int i = 0; i < BYTES.length; i++) {
            if (Bytes.equals(b, from, to, BYTES[i])) {
                return STATES[i];
            }
        }
        return null;
    }
}
