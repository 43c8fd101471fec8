package dev.dynoguardian.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The playground, only with the {@code demo} profile: a simulated formation that posts to the guardian's own drain,
 * and a simulated Platform API at {@code /demo/heroku} that the guardian's real Heroku client calls over HTTP.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
class DemoConfig {

    static final Logger CONSOLE = LoggerFactory.getLogger("dev.dynoguardian.demo");

    @Bean
    SimulatedFormation simulatedFormation(DemoProperties properties) {
        return new SimulatedFormation(properties, line -> CONSOLE.info("[demo] {}", line));
    }

    /** The simulated API checks the bearer token itself, as Heroku does; the guardian's own security stays out. */
    @Bean
    @Order(0)
    SecurityFilterChain simulatedHerokuFilterChain(HttpSecurity http) throws Exception {
        return http.securityMatcher("/demo/heroku/**")
                .csrf(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .build();
    }
}
