package dev.dynoguardian.drain;

import dev.dynoguardian.system.FailedAuthentications;
import dev.dynoguardian.system.WatchedApps;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/** The drain's own filter chain: its paths, its passwords, nothing else opens it. */
@Configuration(proxyBeanMethods = false)
class DrainSecurity {

    @Bean
    @Order(1)
    SecurityFilterChain drainFilterChain(HttpSecurity http, WatchedApps apps, MeterRegistry meters,
                                         FailedAuthentications failures) throws Exception {
        return http.securityMatcher("/logs", "/logs/**")
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterAt(new DrainAuthenticationFilter(apps, new DrainMetrics(meters), failures),
                        BasicAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a.anyRequest().hasRole("DRAIN"))
                .build();
    }
}
