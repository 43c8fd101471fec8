package dev.dynoguardian.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.EndToEndTest;
import dev.dynoguardian.support.LogplexBody;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Rule 4 when a {@code State changed from starting to up} line never arrives (it went to another guardian instance,
 * or logplex dropped it): the router serving requests from the dyno well after it went down proves it is up again,
 * while a request finishing on the stopping process does not.
 */
@TestPropertySource(properties = "guardian.app=capacity-e2e")
class CapacityFloorEndToEndTest extends EndToEndTest {

    @Test
    void theRouterServingADynoLongAfterItWentDownShowsItIsUpAgain() {
        Instant t0 = clock.instant();
        LogplexBody samples = LogplexBody.at(t0);
        for (int i = 1; i <= 4; i++) {
            samples.memory("web." + i, "uuid-" + i, 200, 512);
        }
        drain().post(samples);
        drain().post(LogplexBody.at(t0).stateChanged("web.1", "up", "starting"));
        drain().post(LogplexBody.at(t0.plusSeconds(10)).router("web.1", 40, 200));

        drain().post(LogplexBody.at(t0.plusSeconds(11)).r14("web.2"));
        await().untilAsserted(() -> assertThat(admin().getJson("/admin/restarts?app=" + app + "&limit=5"))
                .anySatisfy(row -> {
                    assertThat(row.path("dyno").asString()).isEqualTo("web.2");
                    assertThat(row.path("outcome").asString()).isEqualTo("queued");
                    assertThat(row.path("rule").asString()).isEqualTo("capacity");
                }));
        assertThat(heroku.apiCalls(app, "DELETE")).isEmpty();

        drain().post(LogplexBody.at(t0.plusSeconds(40)).router("web.1", 40, 200));
        await().untilAsserted(() -> assertThat(heroku.apiCalls(app, "DELETE"))
                .containsExactly("DELETE /apps/" + app + "/dynos/web.2"));
    }
}
