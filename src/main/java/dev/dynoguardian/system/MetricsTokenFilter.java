package dev.dynoguardian.system;

import dev.dynoguardian.system.FailedAuthentications.Realm;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer <METRICS_TOKEN>} grants only the metrics role, compared in constant time. The right
 * token is checked first and never throttled (scrapers often share addresses); a wrong one costs the client an
 * attempt ({@link FailedAuthentications}) and, once it has none left, is answered 429 without being compared.
 */
final class MetricsTokenFilter extends OncePerRequestFilter {

    static final String METRICS = "METRICS";

    private final AdminProperties admin;
    private final FailedAuthentications failures;

    MetricsTokenFilter(AdminProperties admin, FailedAuthentications failures) {
        this.admin = admin;
        this.failures = failures;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            if (admin.metricsTokenSet() && Secrets.constantTimeEquals(header.substring(7).trim(), admin.metricsToken())) {
                SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken
                        .authenticated("metrics-scraper", null, List.of(new SimpleGrantedAuthority("ROLE_" + METRICS))));
            } else {
                long wait = failures.attempt(FailedAuthentications.clientOf(request), Realm.METRICS);
                if (wait > 0) {
                    Problems.throttled(response, wait);
                    return;
                }
                failures.failed(Realm.METRICS);
            }
        }
        chain.doFilter(request, response);
    }
}
