package dev.dynoguardian.system;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Operator and platform access. The drain has its own chain ({@code DrainSecurity}); here: the actuator (health
 * public with status only; metrics for the admin or the {@code METRICS_TOKEN} bearer; the rest admin only) and
 * everything else (admin API, status page, OpenAPI) for the admin. Without {@code ADMIN_PASSWORD} all of it but the
 * public health and token-opened metrics answers 404. With it, changes must be same-origin JSON
 * ({@link SameOriginWrites}). Every answer carries a Content-Security-Policy without inline script, and refuses
 * framing, sniffing and referrers.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurity {

    static final String ADMIN = "ADMIN";
    private static final String REALM = "dyno-guardian";
    private static final String METRICS = "METRICS";
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
            + "form-action 'self'";

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService adminUsers(AdminProperties admin, PasswordEncoder encoder) {
        if (!admin.enabled()) {
            return new InMemoryUserDetailsManager();
        }
        String hash = admin.password().startsWith("{") ? admin.password() : encoder.encode(admin.password());
        return new InMemoryUserDetailsManager(User.withUsername(admin.user()).password(hash).roles(ADMIN).build());
    }

    @Bean
    @Order(2)
    SecurityFilterChain actuatorFilterChain(HttpSecurity http, AdminProperties admin) throws Exception {
        machineApi(http.securityMatcher("/actuator/**"), admin)
                .addFilterBefore(new MetricsTokenFilter(admin), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(a -> {
                    a.requestMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")
                            .permitAll();
                    a.requestMatchers("/actuator/prometheus", "/actuator/metrics", "/actuator/metrics/**")
                            .hasAnyRole(ADMIN, METRICS);
                    a.anyRequest().hasRole(ADMIN);
                });
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain adminFilterChain(HttpSecurity http, AdminProperties admin) throws Exception {
        machineApi(http, admin).authorizeHttpRequests(a -> {
            a.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
            a.anyRequest().hasRole(ADMIN);
        });
        return http.build();
    }

    private static HttpSecurity machineApi(HttpSecurity http, AdminProperties admin) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(WebSecurity::securityHeaders);
        if (admin.enabled()) {
            AuthenticationEntryPoint challenge = (req, res, ex) -> {
                res.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
                Problems.write(res, HttpStatus.UNAUTHORIZED, "Admin credentials (HTTP Basic) are required.");
            };
            http.addFilterAfter(new SameOriginWrites(), HeaderWriterFilter.class)
                    .httpBasic(b -> b.realmName(REALM).authenticationEntryPoint(challenge))
                    .exceptionHandling(e -> e.authenticationEntryPoint(challenge).accessDeniedHandler((req, res, ex) ->
                            Problems.write(res, HttpStatus.FORBIDDEN, "These credentials do not open this path.")));
        } else {
            http.exceptionHandling(e -> e.authenticationEntryPoint((req, res, ex) -> notFound(res))
                    .accessDeniedHandler((req, res, ex) -> notFound(res)));
        }
        return http;
    }

    /** Spring Security's defaults (nosniff, no caching, HSTS over HTTPS) plus a strict CSP, no referrer, no framing. */
    private static void securityHeaders(HeadersConfigurer<HttpSecurity> headers) {
        headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                .frameOptions(HeadersConfigurer.FrameOptionsConfig::deny);
    }

    private static void notFound(HttpServletResponse response) throws java.io.IOException {
        Problems.write(response, HttpStatus.NOT_FOUND,
                "Not found. (The admin endpoints are disabled while ADMIN_PASSWORD is not set.)");
    }

    /** {@code Authorization: Bearer <METRICS_TOKEN>} grants only the metrics role, compared in constant time. */
    private static final class MetricsTokenFilter extends OncePerRequestFilter {

        private final AdminProperties admin;

        MetricsTokenFilter(AdminProperties admin) {
            this.admin = admin;
        }

        @Override
        protected void doFilterInternal(jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response,
                                        jakarta.servlet.FilterChain chain)
                throws jakarta.servlet.ServletException, java.io.IOException {
            String header = request.getHeader("Authorization");
            if (admin.metricsTokenSet() && header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                    && Secrets.constantTimeEquals(header.substring(7).trim(), admin.metricsToken())) {
                SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken
                        .authenticated("metrics-scraper", null, List.of(new SimpleGrantedAuthority("ROLE_" + METRICS))));
            }
            chain.doFilter(request, response);
        }
    }
}
