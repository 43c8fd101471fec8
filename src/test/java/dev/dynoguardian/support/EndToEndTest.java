package dev.dynoguardian.support;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Starts the whole guardian on a random port against the {@link HerokuStub}, with an embedded database of its own, a
 * clock the test moves and {@link GuardianRunner#baseSettings()} (which a subclass's own properties override). Each
 * subclass names its own app ({@code guardian.app}) so its calls are its own. Every test starts an hour after the
 * previous one, so windows, budgets and restarts in flight of earlier tests are over (the drain is never judged stale
 * here, since that hour passes without traffic; the health tests judge it). Heroku's status API is the stub's too
 * ({@link HerokuStub#platformStatus}), green unless a test says otherwise.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "guardian.drain.password=" + EndToEndTest.DRAIN_PASSWORD,
    "guardian.heroku.api-token=" + EndToEndTest.API_TOKEN,
    "guardian.admin.password=" + EndToEndTest.ADMIN_PASSWORD,
    "guardian.drain.stale-after=1000d",
    "guardian.notify.slack-webhook-url=${test.heroku-stub}/hooks/${guardian.app}/slack",
    "guardian.notify.webhook-url=${test.heroku-stub}/hooks/${guardian.app}/webhook",
    "spring.datasource.url=jdbc:h2:mem:${guardian.app}-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
            + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
    "guardian.platform-status.url=${test.heroku-stub}/platform-status/${guardian.app}"
})
@ContextConfiguration(initializers = BaseSettings.class)
@Import(EndToEndTest.TestClock.class)
public abstract class EndToEndTest {

    public static final String DRAIN_PASSWORD = "drain-secret-e2e";
    public static final String ADMIN_PASSWORD = "admin-secret-e2e";
    public static final String API_TOKEN = "heroku-token-e2e";

    protected static final HerokuStub heroku = HerokuStub.get();

    @LocalServerPort
    protected int port;

    @Autowired
    protected MutableClock clock;

    @Value("${guardian.app}")
    protected String app;

    @DynamicPropertySource
    static void herokuStub(DynamicPropertyRegistry registry) {
        registry.add("test.heroku-stub", heroku::url);
        registry.add("guardian.heroku.api-url", heroku::url);
    }

    @BeforeEach
    void freshHour() {
        heroku.reset(app);
        clock.advance(Duration.ofHours(1));
    }

    protected DrainClient drain() {
        return new DrainClient(port, "/logs", DRAIN_PASSWORD);
    }

    protected AdminClient admin() {
        return new AdminClient(port, "admin", ADMIN_PASSWORD);
    }

    /** The admin client, for helpers outside the test class. */
    public AdminClient adminClient() {
        return admin();
    }

    public String appName() {
        return app;
    }

    protected LogplexBody body() {
        return LogplexBody.at(clock.instant());
    }

    /** The guardian's clock, moved by the tests. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class TestClock {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        }
    }
}
