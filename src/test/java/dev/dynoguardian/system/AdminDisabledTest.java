package dev.dynoguardian.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.GuardianRunner;
import dev.dynoguardian.support.HerokuStub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Without ADMIN_PASSWORD the operator endpoints are disabled (404), not open; health and the drain still work. */
class AdminDisabledTest {

    @Test
    void withoutAnAdminPasswordTheAdminEndpointsAnswer404() throws Exception {
        Map<String, Object> settings = GuardianRunner.baseSettings();
        settings.put("spring.datasource.url", "jdbc:h2:mem:admin-disabled;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        Map<String, String> env = Map.of("APP_ID_OR_NAME", "no-admin", "DRAIN_PASSWORD", "pw", "AUTH_TOKEN", "t",
                "METRICS_TOKEN", "scrape", "HEROKU_API_URL", HerokuStub.get().url());
        try (ConfigurableApplicationContext guardian = GuardianRunner.start(env, settings)) {
            int port = GuardianRunner.port(guardian);
            AdminClient anonymous = new AdminClient(port, null, null);
            AdminClient guessing = new AdminClient(port, "admin", "admin");

            for (String path : List.of("/", "/admin/status", "/admin/apps", "/v3/api-docs", "/actuator/metrics",
                    "/actuator/prometheus")) {
                assertThat(anonymous.get(path).statusCode()).as(path).isEqualTo(404);
                assertThat(guessing.get(path).statusCode()).as(path).isEqualTo(404);
            }
            assertThat(anonymous.post("/admin/pause", "{}").statusCode()).isEqualTo(404);
            assertThat(anonymous.get("/actuator/health").statusCode()).isEqualTo(200);
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/prometheus"))
                    .header("Authorization", "Bearer scrape").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("guardian_policy_budget_left");
        }
    }
}
