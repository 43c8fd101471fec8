package dev.dynoguardian.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

/**
 * The admin credential verified last, remembered for {@link #TTL} so that a {@code {bcrypt}} password is hashed
 * once every few minutes rather than on every request of the status page, and so that the admin keeps access while
 * someone at the same address is throttled. One slot is enough: only one user name and password can be right. What
 * is kept is a SHA-256 digest of the credentials salted with a random value of this process, never the password.
 */
final class VerifiedCredential {

    static final Duration TTL = Duration.ofMinutes(5);

    private record Entry(byte[] digest, Instant until) {
    }

    private final byte[] salt = new byte[32];
    private volatile Entry last;

    VerifiedCredential() {
        new SecureRandom().nextBytes(salt);
    }

    byte[] digest(String user, String password) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(salt);
            return sha256.digest((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    boolean holds(byte[] digest, Instant now) {
        Entry entry = last;
        return entry != null && now.isBefore(entry.until()) && MessageDigest.isEqual(entry.digest(), digest);
    }

    void remember(byte[] digest, Instant now) {
        last = new Entry(digest, now.plus(TTL));
    }
}
