package dev.dynoguardian.drain;

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
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP Basic for the drain: any user name, the password of the app the path names ({@code /logs} is the app of
 * {@code guardian.app}), compared in constant time. A password opens only its own app's path; anything else is 401.
 */
final class DrainAuthenticationFilter extends OncePerRequestFilter {

    private final WatchedApps apps;
    private final DrainMetrics metrics;

    DrainAuthenticationFilter(WatchedApps apps, DrainMetrics metrics) {
        this.apps = apps;
        this.metrics = metrics;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<WatchedApp> app = appOf(request.getRequestURI().substring(request.getContextPath().length()));
        String password = basicPassword(request.getHeader("Authorization"));
        if (app.isEmpty() || password == null || !Secrets.constantTimeEquals(password, app.get().drainPassword())) {
            metrics.request(app.map(WatchedApp::name).orElse("unknown"), "unauthorized");
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate", "Basic realm=\"drain\"");
            response.setContentType("application/problem+json");
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                    + "\"detail\":\"The drain URL needs the app's drain password.\"}");
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
