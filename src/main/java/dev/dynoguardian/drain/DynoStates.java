package dev.dynoguardian.drain;

/**
 * Reads Heroku's dyno states ({@link DynoState}) from lifecycle lines. A state read from the drain is one of the
 * shared wire spellings or nothing, so no other text taken from a line can pass for a state.
 */
final class DynoStates {

    private static final DynoState[] STATES = DynoState.values();
    private static final byte[][] BYTES = new byte[STATES.length][];

    static {
        for (int i = 0; i < STATES.length; i++) {
            BYTES[i] = Bytes.ascii(STATES[i].wire());
        }
    }

    private DynoStates() {
    }

    /** The state spelled by the bytes {@code [from, to)}, or null when they spell none. */
    static String of(byte[] b, int from, int to) {
        for (int i = 0; i < BYTES.length; i++) {
            if (Bytes.equals(b, from, to, BYTES[i])) {
                return STATES[i].wire();
            }
        }
        return null;
    }
}
