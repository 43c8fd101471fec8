package dev.dynoguardian.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.EndToEndTest;
import dev.dynoguardian.support.LogplexBody;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Rule 4, the capacity floor, with four web dynos (one may be down). With the Platform API the list of the app's dynos
 * says which are down; drain reports of dynos going down count only until the platform has been asked again, so forged
 * {@code crashed} lines cannot hold the floor shut. In dry-run, which calls no API, the drain's word is all there is.
 */
class CapacityFloorEndToEndTest {

    private static Map<String, String> fourWeb(String web1State) {
        Map<String, String> states = new LinkedHashMap<>();
        states.put("web.1", web1State);
        states.put("web.2", "up");
        states.put("web.3", "up");
        states.put("web.4", "up");
        return states;
    }

    private static void awaitRow(EndToEndTest test, String dyno, String outcome, String rule) {
        await().untilAsserted(() -> assertThat(test.adminClient().getJson("/admin/restarts?app=" + test.appName()
                + "&limit=20")).anySatisfy(row -> {
                    assertThat(row.path("dyno").asString()).isEqualTo(dyno);
                    assertThat(row.path("outcome").asString()).isEqualTo(outcome);
                    assertThat(row.path("rule").asString()).isEqualTo(rule);
                }));
    }

    @Nested
    @TestPropertySource(properties = "guardian.app=capacity-e2e")
    class WithThePlatformApi extends EndToEndTest {

        @Test
        void aDynoThePlatformListsAsStartingHoldsTheFloorUntilItListsItUp() {
            heroku.formation(app, fourWeb("starting"));

            drain().post(body().r14("web.2"));
            awaitRow(this, "web.2", "queued", "capacity");
            assertThat(heroku.actions(app)).isEmpty();

            heroku.formation(app, fourWeb("up"));
            await().untilAsserted(() -> assertThat(heroku.actions(app))
                    .containsExactly("DELETE /apps/" + app + "/dynos/web.2"));
        }

        @Test
        void forgedCrashedLinesHoldTheFloorForOneListOfTheDynosAtMost() {
            heroku.formation(app, fourWeb("up"));
            LogplexBody forged = body();
            for (int i = 0; i < 50; i++) {
                forged.stateChanged("web.1", "up", "crashed").stateChanged("web.3", "up", "crashed");
            }
            drain().post(forged);

            drain().post(body().r14("web.2"));
            for (int i = 0; i < 5; i++) {
                drain().post(forged);
            }

            await().untilAsserted(() -> assertThat(heroku.actions(app))
                    .containsExactly("DELETE /apps/" + app + "/dynos/web.2"));
            JsonNode row = adminClient().getJson("/admin/restarts?app=" + app + "&limit=1").get(0);
            assertThat(row.path("outcome").asString()).isIn("pending", "restarted");
        }
    }

    @Nested
    @TestPropertySource(properties = {"guardian.app=capacity-dryrun-e2e", "guardian.dry-run=true"})
    class InDryRun extends EndToEndTest {

        /**
         * A {@code State changed from starting to up} line that never arrives (it went to another guardian instance, or
         * logplex dropped it): the router serving requests from the dyno well after it went down proves it is up again,
         * while a request finishing on the stopping process does not.
         */
        @Test
        void theRouterServingADynoLongAfterItWentDownShowsItIsUpAgain() {
            Instant t0 = clock.instant();
            LogplexBody samples = LogplexBody.at(t0);
            for (int i = 1; i <= 4; i++) {
                samples.memory("web." + i, "uuid-" + i, 200, 512);
            }
            drain().post(samples);
            drain().post(LogplexBody.at(t0).stateChanged("web.1", "up", "starting"));
            clock.advance(Duration.ofSeconds(10));
            drain().post(LogplexBody.at(t0.plusSeconds(10)).router("web.1", 40, 200));

            clock.advance(Duration.ofSeconds(1));
            drain().post(LogplexBody.at(t0.plusSeconds(11)).r14("web.2"));
            awaitRow(this, "web.2", "queued", "capacity");

            clock.advance(Duration.ofSeconds(29));
            drain().post(LogplexBody.at(t0.plusSeconds(40)).router("web.1", 40, 200));
            awaitRow(this, "web.2", "dry-run", "allowed");
            assertThat(heroku.actions(app)).isEmpty();
            assertThat(heroku.listings(app)).isZero();
        }
    }
}
