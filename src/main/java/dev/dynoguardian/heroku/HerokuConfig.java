package dev.dynoguardian.heroku;

import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.service.registry.HttpServiceGroupConfigurer.ClientCallback;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * Registers {@link HerokuPlatformApi} as the {@code heroku} HTTP service group: base URL and timeouts come from
 * {@code spring.http.serviceclient.heroku.*}; this adds the bearer token and the {@link RateGovernor}.
 */
@Configuration(proxyBeanMethods = false)
@ImportHttpServices(group = HerokuConfig.GROUP, types = HerokuPlatformApi.class)
class HerokuConfig {

    static final String GROUP = "heroku";

    @Bean
    RateGovernor herokuRateGovernor(RateLimiterRegistry limiters, Clock clock, HerokuProperties properties) {
        return new RateGovernor(limiters.rateLimiter(GROUP), clock, properties);
    }

    @Bean
    RestClientHttpServiceGroupConfigurer herokuClientConfigurer(HerokuProperties properties, RateGovernor governor) {
        return groups -> groups.filterByName(GROUP).forEachClient((ClientCallback<RestClient.Builder>) (group, builder) ->
                builder.defaultHeader(HttpHeaders.ACCEPT, HerokuPlatformApi.ACCEPT)
                        .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + properties.apiToken())
                        .requestInterceptor(governor));
    }
}
