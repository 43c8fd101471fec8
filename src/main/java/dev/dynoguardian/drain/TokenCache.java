package dev.dynoguardian.drain;

import java.nio.charset.StandardCharsets;

/**
 * Turns short ASCII tokens (dyno names, error codes) into shared {@link String}s without allocating on a hit.
 * A racy but safe direct-mapped table: Strings are immutable, so a reader sees either an old or a new entry, and a
 * miss only costs one allocation.
 */
final class TokenCache {

    private static final int SIZE = 4096;
    private static final int MAX_TOKEN = 64;

    private final String[] table = new String[SIZE];

    String get(byte[] buf, int from, int to) {
        int len = to - from;
        if (len <= 0) {
            return "";
        }
        if (len > MAX_TOKEN) {
            return new String(buf, from, len, StandardCharsets.UTF_8);
        }
        int hash = 0x811c9dc5;
        for (int i = from; i < to; i++) {
            hash = (hash ^ buf[i]) * 0x01000193;
        }
        int slot = (hash ^ (hash >>> 16)) & (SIZE - 1);
        String cached = table[slot];
        if (cached != null && sameAscii(cached, buf, from, len)) {
            return cached;
        }
        String fresh = new String(buf, from, len, StandardCharsets.UTF_8);
        table[slot] = fresh;
        return fresh;
    }

    private static boolean sameAscii(String s, byte[] buf, int from, int len) {
        if (s.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) != (char) buf[from + i]) {
                return false;
            }
        }
        return true;
    }
}
