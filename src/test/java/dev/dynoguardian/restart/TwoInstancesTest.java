package dev.dynoguardian.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.DrainClient;
import dev.dynoguardian.support.GuardianRunner;
import dev.dynoguardian.support.HerokuStub;
import dev.dynoguardian.support.LogplexBody;
import dev.dynoguardian.support.PostgresDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two guardian instances sharing one real PostgreSQL database behave as one: under concurrent identical drain
 * batches (logplex redelivers to whichever instance answers) no dyno is restarted twice, at most one restart per type
 * is in flight across both, and the hourly budget is shared.
 */
class TwoInstancesTest {

    private static final HerokuStub heroku = HerokuStub.get();

    @Test
    void twoInstancesOnOneDatabaseNeverDoubleRestart() throws Exception {
        String app = "two-instances";
        heroku.reset(app);
        PostgresDatabase.Server db = PostgresDatabase.fresh();
        Map<String, Object> settings = GuardianRunner.baseSettings();
        settings.put("spring.datasource.url", db.url());
        settings.put("spring.datasource.username", db.user());
        settings.put("spring.datasource.password", db.password());
        settings.put("guardian.policy.settle-time", "2s");
        settings.put("guardian.policy.max-restarts-per-hour", "3");
        Map<String, String> env = Map.of("APP_ID_OR_NAME", app, "DRAIN_PASSWORD", "pw", "AUTH_TOKEN", "t",
                "HEROKU_API_URL", heroku.url());
        Map<String, Object> first = new HashMap<>(settings);
        first.put("guardian.instance-id", "guardian-a");
        Map<String, Object> second = new HashMap<>(settings);
        second.put("guardian.instance-id", "guardian-b");
        ExecutorService posters = Executors.newFixedThreadPool(4);
        try (ConfigurableApplicationContext a = GuardianRunner.start(env, first);
             ConfigurableApplicationContext b = GuardianRunner.start(env, second)) {
            List<DrainClient> drains = List.of(new DrainClient(GuardianRunner.port(a), "/logs", "pw"),
                    new DrainClient(GuardianRunner.port(b), "/logs", "pw"));
            Instant until = Instant.now().plusSeconds(9);
            int round = 0;
            while (Instant.now().isBefore(until)) {
                LogplexBody body = LogplexBody.at(Instant.now());
                for (int i = 1; i <= 5; i++) {
                    body.r14("web." + i);
                }
                byte[] bytes = body.bytes();
                String frameId = "FRAME-" + round++;
                CompletableFuture.allOf(drains.stream().map(d -> CompletableFuture.runAsync(
                        () -> d.post(bytes, 5, frameId), posters)).toArray(CompletableFuture[]::new)).join();
                Thread.sleep(250);
            }

            await().untilAsserted(() -> assertThat(heroku.apiCalls(app, "DELETE")).hasSize(3));
            List<String> dynos = heroku.apiCalls(app, "DELETE");
            assertThat(dynos).doesNotHaveDuplicates();
            List<Instant> times = heroku.calls(app).stream().filter(c -> c.method().equals("DELETE"))
                    .map(HerokuStub.Call::at).sorted().toList();
            for (int i = 1; i < times.size(); i++) {
                assertThat(Duration.between(times.get(i - 1), times.get(i)))
                        .as("one restart in flight at a time across instances")
                        .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
            }
        } finally {
            posters.shutdownNow();
        }
    }
}
