package dev.dynoguardian.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.EndToEndTest;
import dev.dynoguardian.support.HerokuStub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** A failing or hanging Slack or webhook receiver never blocks or undoes an action; a failed action is notified. */
@TestPropertySource(properties = {
    "guardian.app=notify-failures-e2e",
    "guardian.policy.max-in-flight=10",
    "guardian.policy.max-unavailable=1.0",
    "guardian.notify.timeout=1s"
})
class NotificationFailuresEndToEndTest extends EndToEndTest {

    private List<String> outcomes(String dyno) {
        List<String> outcomes = new ArrayList<>();
        admin().getJson("/admin/restarts?app=" + app + "&limit=100").forEach(r -> {
            if (r.path("dyno").asString().equals(dyno)) {
                outcomes.add(r.path("outcome").asString());
            }
        });
        return outcomes;
    }

    @Test
    void failingReceiversNeitherBlockNorUndoARestart() {
        heroku.script(app, r -> r.getTarget().startsWith("/hooks/") ? HerokuStub.status(500) : null);

        drain().post(body().r14("web.1"));

        await().untilAsserted(() -> assertThat(outcomes("web.1")).containsExactly("restarted"));
        assertThat(heroku.apiCalls(app, "DELETE")).containsExactly("DELETE /apps/" + app + "/dynos/web.1");
        await().untilAsserted(() -> assertThat(heroku.hookBodies(app, "slack")).isNotEmpty());
    }

    @Test
    void hangingReceiversNeitherBlockNorUndoRestarts() {
        heroku.script(app, r -> r.getTarget().startsWith("/hooks/")
                ? new MockResponse.Builder().code(200).headersDelay(60, TimeUnit.SECONDS).build() : null);

        drain().post(body().r14("web.2").r14("web.3"));
        drain().post(body().r14("web.4"));

        await().untilAsserted(() -> {
            assertThat(outcomes("web.2")).containsExactly("restarted");
            assertThat(outcomes("web.3")).containsExactly("restarted");
            assertThat(outcomes("web.4")).containsExactly("restarted");
        });
        assertThat(heroku.apiCalls(app, "DELETE")).hasSize(3);
    }

    @Test
    void aRestartThatFailsForGoodIsNotified() {
        heroku.script(app, r -> "DELETE".equals(r.getMethod()) ? HerokuStub.status(422) : null);

        drain().post(body().r14("web.5"));

        await().untilAsserted(() -> assertThat(outcomes("web.5")).containsExactly("failed"));
        await().untilAsserted(() -> assertThat(heroku.hookBodies(app, "webhook")).anySatisfy(b -> assertThat(b)
                .contains("\"event\":\"failed\"").contains("web.5")));
    }
}
