package dev.dynoguardian.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.EndToEndTest;
import dev.dynoguardian.support.HerokuStub;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Rule 3 while the Heroku API is slow: a restart stays in flight while its call is still being tried. */
@TestPropertySource(properties = {
    "guardian.app=slow-api-e2e",
    "guardian.policy.max-unavailable=1.0",
    "guardian.policy.settle-time=60s"
})
class SlowApiEndToEndTest extends EndToEndTest {

    private List<HerokuStub.Call> deletesOf(String dyno) {
        return heroku.calls(app).stream().filter(c -> "DELETE".equals(c.method()) && c.path().endsWith("/" + dyno))
                .toList();
    }

    @Test
    void noSecondRestartOfTheTypeIsSentWhileTheFirstCallIsStillBeingTried() {
        AtomicInteger web1 = new AtomicInteger();
        heroku.script(app, r -> "DELETE".equals(r.getMethod()) && r.getTarget().endsWith("/web.1")
                && web1.incrementAndGet() < 4
                ? new MockResponse.Builder().code(202).headersDelay(2, TimeUnit.SECONDS).build() : null);

        drain().post(body().r14("web.1"));
        await().untilAsserted(() -> assertThat(deletesOf("web.1")).isNotEmpty());
        clock.advance(Duration.ofMinutes(2));
        drain().post(body().r14("web.2"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deletesOf("web.1")).hasSize(4));
        clock.advance(Duration.ofSeconds(61));
        drain().post(body().r14("web.2"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deletesOf("web.2")).hasSize(1));
        assertThat(deletesOf("web.1")).allSatisfy(first -> assertThat(first.at())
                .isBeforeOrEqualTo(deletesOf("web.2").get(0).at()));
    }
}
