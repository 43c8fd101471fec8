package dev.dynoguardian.support;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * {@link GuardianRunner#baseSettings()} for a {@code @SpringBootTest}: just below the test's own inlined properties
 * ({@code @SpringBootTest(properties)} and {@code @TestPropertySource}), so a test class still overrides any of them,
 * and above the application's configuration files.
 */
final class BaseSettings implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        MutablePropertySources sources = context.getEnvironment().getPropertySources();
        MapPropertySource base = new MapPropertySource("guardianBaseSettings", GuardianRunner.baseSettings());
        sources.addAfter(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME, base);
    }
}
