package dev.dynoguardian.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.demo.DemoProperties;
import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.DrainClient;
import dev.dynoguardian.support.GuardianRunner;
import dev.dynoguardian.support.HerokuStub;
import dev.dynoguardian.support.LogplexBody;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Secrets (API token, drain and admin passwords, metrics token, webhook URLs) never appear in logs, health details,
 * metrics or error bodies: a whole guardian runs through successes and failures while everything it prints and
 * answers is captured and searched.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsTest {

    private static final HerokuStub heroku = HerokuStub.get();
    private static final String APP = "secrets-e2e";
    private static final String TOKEN = "tok-SECRET-4f1c";
    private static final String DRAIN = "drain-SECRET-9a2b";
    private static final String ADMIN = "admin-SECRET-77e0";
    private static final String METRICS = "metrics-SECRET-51d3";
    private static final String SLACK_PATH = "slack-SECRET-0c9e";
    private static final String WEBHOOK_PATH = "webhook-SECRET-aa31";

    @Test
    void noSecretAppearsInAnythingTheGuardianPrintsOrAnswers(CapturedOutput output) throws Exception {
        heroku.reset(APP);
        heroku.script(APP, r -> r.getTarget().endsWith("/web.2") || r.getTarget().contains(WEBHOOK_PATH)
                ? HerokuStub.status(500) : null);
        Map<String, String> env = Map.of("APP_ID_OR_NAME", APP, "AUTH_TOKEN", TOKEN, "DRAIN_PASSWORD", DRAIN,
                "ADMIN_PASSWORD", ADMIN, "METRICS_TOKEN", METRICS, "HEROKU_API_URL", heroku.url(),
                "SLACK_WEBHOOK_URL", heroku.hookUrl(APP, SLACK_PATH),
                "GUARDIAN_NOTIFY_WEBHOOKURL", heroku.hookUrl(APP, WEBHOOK_PATH));
        Map<String, Object> settings = GuardianRunner.baseSettings();
        settings.put("spring.datasource.url", "jdbc:h2:mem:" + APP + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        settings.put("guardian.policy.max-in-flight", "2");
        settings.put("guardian.policy.max-unavailable", "1.0");
        List<String> answers = new ArrayList<>();
        try (ConfigurableApplicationContext guardian = GuardianRunner.start(env, settings)) {
            int port = GuardianRunner.port(guardian);
            DrainClient drain = new DrainClient(port, "/logs", DRAIN);
            drain.post(LogplexBody.at(Instant.now()).memory("web.1", UUID.randomUUID().toString(), 900, 512)
                    .r14("web.2"));
            await().untilAsserted(() -> assertThat(heroku.apiCalls(APP, "DELETE")).hasSizeGreaterThanOrEqualTo(5));
            await().untilAsserted(() -> assertThat(heroku.hookBodies(APP, WEBHOOK_PATH)).isNotEmpty());

            AdminClient admin = new AdminClient(port, "admin", ADMIN);
            AdminClient wrong = new AdminClient(port, "admin", DRAIN);
            for (String path : List.of("/actuator/health", "/admin/status", "/admin/apps", "/admin/restarts",
                    "/admin/apps/" + APP + "/dynos", "/v3/api-docs", "/actuator/metrics", "/nope")) {
                answers.add(admin.get(path).body());
                answers.add(wrong.get(path).body());
            }
            assertThat(admin.get("/demo/heroku/apps/" + APP + "/dynos").statusCode())
                    .as("no simulated Platform API outside the demo profile").isEqualTo(404);
            assertThat(Arrays.stream(guardian.getBeanDefinitionNames()).map(guardian::getType)
                    .filter(type -> type != null && type.getPackageName().equals("dev.dynoguardian.demo")))
                    .as("no playground bean but its settings outside the demo profile")
                    .isSubsetOf(DemoProperties.class);
            answers.add(admin.post("/admin/pause", "{broken").body());
            answers.add(admin.post("/admin/apps/" + APP + "/dynos/web.9/restart", "{}").body());
            answers.add(drain.send("garbage".getBytes(), 1, "g", null).body());
            answers.add(new DrainClient(port, "/logs", "wrong").send(new byte[2_000_000], 1, "big", null).body());
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/prometheus"))
                    .header("Authorization", "Bearer " + METRICS).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            answers.add(scrape.body());
        }

        String everything = output.getAll() + String.join("\n", answers);
        assertThat(everything).contains("guardian_decisions_total");
        assertThat(output.getAll()).as("the simulation never starts outside the demo profile").doesNotContain("[demo]");
        assertThat(output.getOut().lines().filter(l -> l.contains("decision app=" + APP + " dyno=web.1 ")))
                .as("each decision is one bare logfmt line on stdout").isNotEmpty()
                .allSatisfy(line -> assertThat(line).startsWith("decision app=" + APP + " dyno=web.1 ")
                        .containsPattern(" trigger=memory ").containsPattern(" rule=[a-z-]+ ")
                        .containsPattern(" outcome=[a-z-]+ ").containsPattern(" evidence=\"[^\"]+\""));
        for (String secret : List.of(TOKEN, DRAIN, ADMIN, METRICS, SLACK_PATH, WEBHOOK_PATH)) {
            assertThat(everything).as("output and answers must not contain " + secret).doesNotContain(secret);
        }
    }
}
