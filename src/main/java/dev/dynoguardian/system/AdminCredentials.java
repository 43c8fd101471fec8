package dev.dynoguardian.system;

import dev.dynoguardian.system.FailedAuthentications.Realm;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The admin's HTTP Basic credentials. A plain {@code ADMIN_PASSWORD} is compared in constant time, never hashed; a
 * {@code {bcrypt}} (or other {@code {id}}) hash is checked with the {@link PasswordEncoder}, which happens once per
 * {@link VerifiedCredential#TTL} rather than per request. A client that {@link FailedAuthentications} throttles is
 * refused before any comparison or hashing unless it presents the credential verified recently. The details of the
 * authentication request are the client's address ({@link FailedAuthentications#clientOf}).
 */
final class AdminCredentials implements AuthenticationProvider {

    private final AdminProperties admin;
    private final PasswordEncoder encoder;
    private final FailedAuthentications failures;
    private final Clock clock;
    private final VerifiedCredential verified = new VerifiedCredential();

    AdminCredentials(AdminProperties admin, PasswordEncoder encoder, FailedAuthentications failures, Clock clock) {
        this.admin = admin;
        this.encoder = encoder;
        this.failures = failures;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication request) {
        String user = request.getName();
        String password = String.valueOf(request.getCredentials());
        String client = request.getDetails() instanceof String address ? address : "unknown";
        Instant now = clock.instant();
        byte[] digest = verified.digest(user, password);
        if (verified.holds(digest, now)) {
            return admin(user);
        }
        long wait = failures.attempt(client, Realm.ADMIN);
        if (wait > 0) {
            throw new ThrottledException(wait);
        }
        boolean rightUser = Secrets.constantTimeEquals(user, admin.user());
        if (passwordMatches(password) & rightUser) {
            verified.remember(digest, now);
            failures.succeeded(client);
            return admin(user);
        }
        failures.failed(Realm.ADMIN);
        throw new BadCredentialsException("Bad credentials");
    }

    /** Checked whatever the user name, so that the time taken does not tell whether the name was right. */
    private boolean passwordMatches(String password) {
        if (!admin.enabled()) {
            return false;
        }
        return admin.password().startsWith("{") ? encoder.matches(password, admin.password())
                : Secrets.constantTimeEquals(password, admin.password());
    }

    private static Authentication admin(String user) {
        return UsernamePasswordAuthenticationToken.authenticated(user, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + WebSecurity.ADMIN)));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
