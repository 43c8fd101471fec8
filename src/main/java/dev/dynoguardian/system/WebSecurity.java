package dev.dynoguardian.system;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Operator and platform access. The drain has its own chain ({@code DrainSecurity}); here: the actuator (health
 * public with status only; metrics for the admin or the {@code METRICS_TOKEN} bearer; the rest admin only) and
 * everything else (admin API, status page, OpenAPI) for the admin. Without {@code ADMIN_PASSWORD} all of it but the
 * public health and token-opened metrics answers 404. With it, changes must be same-origin JSON
 * ({@link SameOriginWrites}) and guessing is throttled ({@link FailedAuthentications}). Every answer carries a
 * Content-Security-Policy without inline script, and refuses framing, sniffing and referrers.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurity {

    static final String ADMIN = "ADMIN";
    private static final String REALM = "dyno-guardian";
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
            + "form-action 'self'";

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** A bean, so that Spring Boot does not add its generated default user. */
    @Bean
    AdminCredentials adminCredentials(AdminProperties admin, PasswordEncoder encoder, FailedAuthentications failures,
                                      Clock clock) {
        return new AdminCredentials(admin, encoder, failures, clock);
    }

    @Bean
    @Order(2)
    SecurityFilterChain actuatorFilterChain(HttpSecurity http, AdminProperties admin, AdminCredentials credentials,
                                            FailedAuthentications failures) throws Exception {
        machineApi(http.securityMatcher("/actuator/**"), admin, credentials)
                .addFilterBefore(new MetricsTokenFilter(admin, failures), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(a -> {
                    a.requestMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")
                            .permitAll();
                    a.requestMatchers("/actuator/prometheus", "/actuator/metrics", "/actuator/metrics/**")
                            .hasAnyRole(ADMIN, MetricsTokenFilter.METRICS);
                    a.anyRequest().hasRole(ADMIN);
                });
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain adminFilterChain(HttpSecurity http, AdminProperties admin, AdminCredentials credentials)
            throws Exception {
        machineApi(http, admin, credentials).authorizeHttpRequests(a -> {
            a.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
            a.anyRequest().hasRole(ADMIN);
        });
        return http.build();
    }

    private static HttpSecurity machineApi(HttpSecurity http, AdminProperties admin, AdminCredentials credentials)
            throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(WebSecurity::securityHeaders);
        if (admin.enabled()) {
            AuthenticationEntryPoint challenge = (req, res, ex) -> {
                if (ex instanceof ThrottledException throttled) {
                    Problems.throttled(res, throttled.retryAfterSeconds());
                    return;
                }
                res.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
                Problems.write(res, HttpStatus.UNAUTHORIZED, "Admin credentials (HTTP Basic) are required.");
            };
            http.addFilterAfter(new SameOriginWrites(), HeaderWriterFilter.class)
                    .authenticationManager(new ProviderManager(credentials))
                    .httpBasic(b -> b.realmName(REALM).authenticationEntryPoint(challenge)
                            .authenticationDetailsSource(FailedAuthentications::clientOf))
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

    private static void notFound(HttpServletResponse response) throws IOException {
        Problems.write(response, HttpStatus.NOT_FOUND,
                "Not found. (The admin endpoints are disabled while ADMIN_PASSWORD is not set.)");
    }
}
