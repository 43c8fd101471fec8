package dev.dynoguardian.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.EndToEndTest;
import dev.dynoguardian.support.HerokuStub;
import dev.dynoguardian.support.LogplexBody;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Rule 5 (the hourly budget) and dry-run, through the drain and the stubbed Heroku API. Actions that failed spend the
 * budget too, so evidence for dynos the API refuses cannot call it without end.
 */
class BudgetAndDryRunEndToEndTest {

    private static List<JsonNode> ledger(EndToEndTest test) {
        List<JsonNode> rows = new ArrayList<>();
        test.adminClient().getJson("/admin/restarts?app=" + test.appName() + "&limit=100").forEach(rows::add);
        return rows;
    }

    @Nested
    @TestPropertySource(properties = {
        "guardian.app=budget-e2e",
        "guardian.policy.max-restarts-per-hour=3",
        "guardian.policy.max-in-flight=10",
        "guardian.policy.max-unavailable=1.0"
    })
    class Budget extends EndToEndTest {

        @Test
        void theBudgetCapsAStormAndNotifiesOnce() {
            LogplexBody storm = body();
            for (int i = 1; i <= 6; i++) {
                storm.r14("web." + i);
            }
            drain().post(storm);

            await().untilAsserted(() -> assertThat(ledger(this)).filteredOn(r -> r.path("rule").asString()
                    .equals("budget")).hasSize(3));
            await().untilAsserted(() -> assertThat(heroku.apiCalls(app, "DELETE")).hasSize(3));
            assertThat(admin().getJson("/admin/status").path("apps").get(0).path("budgetLeft").asInt()).isZero();
            await().untilAsserted(() -> assertThat(heroku.hookBodies(app, "webhook"))
                    .filteredOn(b -> b.contains("\"event\":\"budget-exhausted\"")).hasSize(1));
        }
    }

    @Nested
    @TestPropertySource(properties = {
        "guardian.app=failed-budget-e2e",
        "guardian.policy.max-restarts-per-hour=3",
        "guardian.policy.max-unavailable=1.0"
    })
    class FailedActions extends EndToEndTest {

        @Test
        void failedActionsSpendTheBudget() {
            heroku.script(app, r -> "DELETE".equals(r.getMethod()) ? HerokuStub.status(404) : null);
            for (int i = 1; i <= 3; i++) {
                String dyno = "web." + i;
                drain().post(body().r14(dyno));
                await().untilAsserted(() -> assertThat(ledger(this)).filteredOn(r -> r.path("dyno").asString()
                        .equals(dyno)).extracting(r -> r.path("outcome").asString()).containsExactly("failed"));
            }

            drain().post(body().r14("web.4"));

            await().untilAsserted(() -> assertThat(ledger(this).get(0).path("rule").asString()).isEqualTo("budget"));
            assertThat(heroku.apiCalls(app, "DELETE")).hasSize(3);
            assertThat(admin().getJson("/admin/status").path("apps").get(0).path("budgetLeft").asInt()).isZero();
        }
    }

    @Nested
    @TestPropertySource(properties = {"guardian.app=dryrun-e2e", "guardian.dry-run=true"})
    class DryRun extends EndToEndTest {

        @Test
        void dryRunDecidesAndRecordsButCallsNoApiAndSpendsNoBudget() {
            drain().post(body().r14("web.1").memory("web.2", java.util.UUID.randomUUID().toString(), 900, 512));

            await().untilAsserted(() -> assertThat(ledger(this)).extracting(r -> r.path("outcome").asString())
                    .containsOnly("dry-run", "queued"));
            JsonNode status = admin().getJson("/admin/status");
            assertThat(status.path("dryRun").asBoolean()).isTrue();
            assertThat(status.path("apps").get(0).path("budgetLeft").asInt()).isEqualTo(10);
            await().untilAsserted(() -> assertThat(heroku.hookBodies(app, "slack"))
                    .anySatisfy(b -> assertThat(b).contains("would be restarted (dry-run)")));
            assertThat(heroku.calls(app)).noneMatch(c -> c.path().startsWith("/apps/"));
        }
    }
}
