package dev.dynoguardian.drain;

import dev.dynoguardian.system.FailedAuthentications;
import dev.dynoguardian.system.FailedAuthentications.Realm;
import dev.dynoguardian.system.Problems;
import dev.dynoguardian.system.WatchedApp;
import dev.dynoguardian.system.WatchedApps;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP Basic for the drain: any user name, the password of the app the path names ({@code /logs} is the app of
 * {@code guardian.app}), compared in constant time. A password opens only its own app's path; anything else is 401.
 * The right password is checked first, a byte comparison that takes the same time whatever the guess shares with the
 * password (and says nothing of its length), with no hashing per request, and is never throttled: logplex delivers every
 * Heroku app's drains from shared addresses, so an address that someone else's failures throttle may still carry
 * this app's batches. Wrong passwords cost the client an attempt ({@link FailedAuthentications}); once it has none
 * left it is answered 429.
 */
final class DrainAuthenticationFilter extends OncePerRequestFilter {

    private static final List<SimpleGrantedAuthority> DRAIN_ROLE = List.of(new SimpleGrantedAuthority("ROLE_DRAIN"));

    private final WatchedApps apps;
    private final DrainMetrics metrics;
    private final FailedAuthentications failures;
    /** Each app's drain password as UTF-8 bytes, by app name. */
    private final Map<String, byte[]> passwords = new HashMap<>();

    DrainAuthenticationFilter(WatchedApps apps, DrainMetrics metrics, FailedAuthentications failures) {
        this.apps = apps;
        this.metrics = metrics;
        this.failures = failures;
        for (WatchedApp app : apps.all()) {
            if (app.drainPassword() != null) {
                passwords.put(app.name(), app.drainPassword().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<WatchedApp> app = appOf(request.getRequestURI().substring(request.getContextPath().length()));
        byte[] credentials = basicCredentials(request.getHeader("Authorization"));
        int colon = credentials == null ? -1 : indexOf(credentials, (byte) ':');
        if (app.isEmpty() || colon < 0 || !passwordIs(credentials, colon + 1, passwords.get(app.get().name()))) {
            refuse(request, response, app.map(WatchedApp::name).orElse("unknown"), colon >= 0);
            return;
        }
        var auth = UsernamePasswordAuthenticationToken.authenticated(app.get(), null, DRAIN_ROLE);
        SecurityContextHolder.getContext().setAuthentication(auth);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    /** Without a password nothing was guessed: 401, and the client keeps its attempts. */
    private void refuse(HttpServletRequest request, HttpServletResponse response, String app, boolean triedPassword)
            throws IOException {
        if (triedPassword) {
            long wait = failures.attempt(FailedAuthentications.clientOf(request), Realm.DRAIN);
            if (wait > 0) {
                metrics.request(app, "throttled");
                Problems.throttled(response, wait);
                return;
            }
            failures.failed(Realm.DRAIN);
        }
        metrics.request(app, "unauthorized");
        response.setHeader("WWW-Authenticate", "Basic realm=\"drain\"");
        Problems.write(response, HttpStatus.UNAUTHORIZED, "The drain URL needs the app's drain password.");
    }

    private Optional<WatchedApp> appOf(String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if ("/logs".equals(trimmed)) {
            return apps.legacy();
        }
        return trimmed.startsWith("/logs/") ? apps.find(trimmed.substring("/logs/".length())) : Optional.empty();
    }

    /** The decoded {@code user:password} bytes of a Basic header, or null. */
    private static byte[] basicCredentials(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int indexOf(byte[] b, byte c) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether {@code given[from..]} is the password, in time that depends only on the guess's length: every byte of the
     * guess is compared (against a byte of the password, cycling), whatever matched before and however long the
     * password is.
     */
    static boolean passwordIs(byte[] given, int from, byte[] password) {
        if (password == null || password.length == 0) {
            return false;
        }
        int length = given.length - from;
        int diff = length ^ password.length;
        for (int i = 0; i < length; i++) {
            diff |= given[from + i] ^ password[i % password.length];
        }
        return diff == 0;
    }
}
