package dev.dynoguardian.drain;

import dev.dynoguardian.system.FailedAuthentications;
import dev.dynoguardian.system.FailedAuthentications.Realm;
import dev.dynoguardian.system.Problems;
import dev.dynoguardian.system.Secrets;
import dev.dynoguardian.system.WatchedApp;
import dev.dynoguardian.system.WatchedApps;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP Basic for the drain: any user name, the password of the app the path names ({@code /logs} is the app of
 * {@code guardian.app}), compared in constant time. A password opens only its own app's path; anything else is 401.
 * The right password is checked first, a cheap SHA-256 comparison, and is never throttled: logplex delivers every
 * Heroku app's drains from shared addresses, so an address that someone else's failures throttle may still carry
 * this app's batches. Wrong passwords cost the client an attempt ({@link FailedAuthentications}); once it has none
 * left it is answered 429.
 */
final class DrainAuthenticationFilter extends OncePerRequestFilter {

    private final WatchedApps apps;
    private final DrainMetrics metrics;
    private final FailedAuthentications failures;

    DrainAuthenticationFilter(WatchedApps apps, DrainMetrics metrics, FailedAuthentications failures) {
        this.apps = apps;
        this.metrics = metrics;
        this.failures = failures;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<WatchedApp> app = appOf(request.getRequestURI().substring(request.getContextPath().length()));
        String password = basicPassword(request.getHeader("Authorization"));
        if (app.isEmpty() || password == null || !Secrets.constantTimeEquals(password, app.get().drainPassword())) {
            refuse(request, response, app.map(WatchedApp::name).orElse("unknown"), password != null);
            return;
        }
        var auth = UsernamePasswordAuthenticationToken.authenticated(app.get(), null,
                List.of(new SimpleGrantedAuthority("ROLE_DRAIN")));
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

    private static String basicPassword(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(colon + 1);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
