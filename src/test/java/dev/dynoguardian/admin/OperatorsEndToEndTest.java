package dev.dynoguardian.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.DrainClient;
import dev.dynoguardian.support.EndToEndTest;
import dev.dynoguardian.support.LogplexBody;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Many apps on one guardian, the admin API with its refusals, the OpenAPI document and the Prometheus endpoint (its
 * documented series: {@link DocumentedMetricsEndToEndTest}). The refusals here come from one address, more than the
 * default burst of failed authentications: throttling is {@code FailedAuthThrottleEndToEndTest}'s.
 */
@TestPropertySource(properties = {
    "guardian.app=ops-legacy",
    "guardian.apps[0].name=ops-shop",
    "guardian.apps[0].drain.password=shop-drain-pw",
    "guardian.apps[0].memory.dyno-types=web,worker",
    "guardian.apps[0].policy.max-restarts-per-hour=7",
    "guardian.apps[1].name=ops-blog",
    "guardian.apps[1].drain.password=blog-drain-pw",
    "guardian.apps[1].drain.tokens=d.blog-token",
    "guardian.admin.metrics-token=scrape-token-e2e",
    "guardian.metrics.refresh-interval=200ms",
    "guardian.security.failed-auth-burst=100"
})
class OperatorsEndToEndTest extends EndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeEach
    void resetOtherApps() {
        heroku.reset("ops-shop");
        heroku.reset("ops-blog");
    }

    @Test
    void eachAppsDrainPasswordOpensOnlyItsOwnPath() {
        byte[] r14 = body().r14("web.1").bytes();

        assertThat(new DrainClient(port, "/logs/ops-shop", "shop-drain-pw").post(r14, 1, "a1")).isEqualTo(204);
        assertThat(new DrainClient(port, "/logs/ops-blog", "shop-drain-pw").post(r14, 1, "a2")).isEqualTo(401);
        assertThat(new DrainClient(port, "/logs", "shop-drain-pw").post(r14, 1, "a3")).isEqualTo(401);
        assertThat(new DrainClient(port, "/logs/ops-shop", DRAIN_PASSWORD).post(r14, 1, "a4")).isEqualTo(401);
        assertThat(new DrainClient(port, "/logs/ops-legacy", DRAIN_PASSWORD).post(r14, 1, "a5")).isEqualTo(204);
        assertThat(new DrainClient(port, "/logs/nope", DRAIN_PASSWORD).post(r14, 1, "a6")).isEqualTo(401);

        await().untilAsserted(() -> {
            assertThat(heroku.apiCalls("ops-shop", "DELETE")).containsExactly("DELETE /apps/ops-shop/dynos/web.1");
            assertThat(heroku.apiCalls("ops-legacy", "DELETE")).containsExactly("DELETE /apps/ops-legacy/dynos/web.1");
        });
        assertThat(heroku.apiCalls("ops-blog", "DELETE")).isEmpty();
    }

    @Test
    void anAppThatPinsItsDrainTokenRefusesOtherTokens() {
        DrainClient blog = new DrainClient(port, "/logs/ops-blog", "blog-drain-pw");
        byte[] r14 = body().r14("web.2").bytes();

        HttpResponse<String> refused = blog.send(r14, 1, "t1", basic("x", "blog-drain-pw"));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("drain token");
        assertThat(blog.post(body().r14("web.2"))).isEqualTo(403);
        assertThat(blog.withToken("d.blog-token").post(body().r14("web.2"))).isEqualTo(204);
        await().untilAsserted(() -> assertThat(heroku.apiCalls("ops-blog", "DELETE"))
                .containsExactly("DELETE /apps/ops-blog/dynos/web.2"));
        for (String path : List.of("/logs/ops-shop", "/logs", "/logs/ops-legacy")) {
            assertThat(new DrainClient(port, path, "blog-drain-pw").withToken("d.blog-token")
                    .post(body().r14("web.3"))).as(path).isEqualTo(401);
        }
        assertThat(heroku.apiCalls("ops-blog", "DELETE")).hasSize(1);
        assertThat(heroku.apiCalls("ops-shop", "DELETE")).isEmpty();
    }

    @Test
    void appsAndDynosShowWhatTheGuardianSees() {
        String uuid = UUID.randomUUID().toString();
        LogplexBody batch = body().memory("web.8", uuid, 200, 512);
        for (int ms = 10; ms <= 200; ms += 10) {
            batch.router("web.8", ms, 200);
        }
        drain().post(batch);

        await().untilAsserted(() -> {
            JsonNode dyno = dyno("web.8");
            assertThat(dyno.path("memory").path("ageSeconds").asLong()).isBetween(0L, 60L);
            assertThat(dyno.path("latency").path("timed").asInt()).isEqualTo(20);
            assertThat(dyno.path("latency").path("meanMs").asDouble()).isBetween(100.0, 110.0);
            assertThat(dyno.path("latency").path("p95Ms").asDouble()).isBetween(180.0, 200.0);
            assertThat(dyno.path("latency").path("p99Ms").asDouble()).isBetween(190.0, 200.0);
            assertThat(dyno.path("latency").path("p50Ms").asDouble())
                    .isLessThan(dyno.path("latency").path("p95Ms").asDouble());
        });
        JsonNode legacy = null;
        for (JsonNode a : admin().getJson("/admin/apps")) {
            legacy = a.path("app").asString().equals(app) ? a : legacy;
        }
        assertThat(legacy).isNotNull();
        assertThat(legacy.path("drainFresh").asBoolean()).isTrue();
        assertThat(legacy.path("lastPlatformLine").asString()).isNotBlank();
        assertThat(legacy.path("dynosSeen").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(legacy.path("restartsLastHour").asInt()).isZero();
        assertThat(legacy.path("budgetLeft").asInt()).isEqualTo(legacy.path("budgetPerHour").asInt()).isEqualTo(10);
        assertThat(legacy.path("paused").asBoolean()).isFalse();
        assertThat(legacy.has("pauseScope")).isTrue();

        admin().post("/admin/apps/" + app + "/dynos/web.8/restart", "{\"reason\":\"checking the counts\"}");
        await().untilAsserted(() -> {
            JsonNode after = admin().getJson("/admin/apps/" + app);
            assertThat(after.path("restartsLastHour").asInt()).isEqualTo(1);
            assertThat(after.path("budgetLeft").asInt()).isEqualTo(9);
        });
    }

    @Test
    void eachAppHasItsOwnSettingsFallingBackToTheGlobalOnes() {
        JsonNode apps = admin().getJson("/admin/apps");

        assertThat(apps).extracting(a -> a.path("app").asString())
                .containsExactly("ops-legacy", "ops-shop", "ops-blog");
        assertThat(admin().getJson("/admin/apps/ops-shop").path("budgetPerHour").asInt()).isEqualTo(7);
        assertThat(admin().getJson("/admin/apps/ops-blog").path("budgetPerHour").asInt()).isEqualTo(10);
        drain().post(body().memory("worker.1", UUID.randomUUID().toString(), 900, 512));
        new DrainClient(port, "/logs/ops-shop", "shop-drain-pw").post(body()
                .memory("worker.1", UUID.randomUUID().toString(), 900, 512));
        await().untilAsserted(() -> assertThat(heroku.apiCalls("ops-shop", "DELETE"))
                .containsExactly("DELETE /apps/ops-shop/dynos/worker.1"));
        assertThat(heroku.apiCalls(app, "DELETE")).isEmpty();
    }

    @Test
    void dynosShowStateMemoryLatencyAndTheLastAction() {
        String uuid = UUID.randomUUID().toString();
        drain().post(body().memory("web.3", uuid, 300, 512).stateChanged("web.3", "starting", "up")
                .router("web.3", 120, 200).router("web.3", 80, 200).heroku("router",
                        "at=error code=H13 desc=\"Connection closed without response\" dyno=web.3 connect=1ms "
                                + "service=3ms status=503"));
        admin().post("/admin/apps/" + app + "/dynos/web.3/restart", "{\"reason\":\"leaking file handles\"}");

        await().untilAsserted(() -> {
            JsonNode dyno = dyno("web.3");
            assertThat(dyno.path("state").asString()).isEqualTo("up");
            assertThat(dyno.path("incarnation").asString()).isEqualTo(uuid);
            assertThat(dyno.path("memory").path("totalMb").asDouble()).isEqualTo(300.0);
            assertThat(dyno.path("memory").path("percentOfQuota").asDouble()).isBetween(58.0, 59.0);
            assertThat(dyno.path("latency").path("timed").asInt()).isEqualTo(2);
            assertThat(dyno.path("latency").path("routerErrors").asInt()).isEqualTo(1);
            assertThat(dyno.path("latency").path("p50Ms").asDouble()).isBetween(79.0, 81.0);
            assertThat(dyno.path("lastAction").path("requestedBy").asString()).isEqualTo("operator");
            assertThat(dyno.path("lastAction").path("outcome").asString()).isEqualTo("restarted");
        });
    }

    @Test
    void aManualRestartGoesThroughTheSamePolicy() {
        HttpResponse<String> first = admin().post("/admin/apps/" + app + "/dynos/web.4/restart",
                "{\"reason\":\"stuck worker threads\"}");
        await().untilAsserted(() -> assertThat(heroku.apiCalls(app, "DELETE"))
                .containsExactly("DELETE /apps/" + app + "/dynos/web.4"));
        HttpResponse<String> again = admin().post("/admin/apps/" + app + "/dynos/web.4/restart",
                "{\"reason\":\"once more\"}");
        HttpResponse<String> noReason = admin().post("/admin/apps/" + app + "/dynos/web.4/restart", "{}");
        HttpResponse<String> badDyno = admin().post("/admin/apps/" + app + "/dynos/DROP%20TABLE/restart",
                "{\"reason\":\"x\"}");
        HttpResponse<String> unknownApp = admin().post("/admin/apps/nope/dynos/web.1/restart", "{\"reason\":\"x\"}");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(AdminClient.parse(first.body()).path("outcome").asString()).isEqualTo("pending");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(AdminClient.parse(again.body()).path("rule").asString()).isEqualTo("window");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(badDyno.statusCode()).isEqualTo(400);
        assertThat(unknownApp.statusCode()).isEqualTo(404);
        for (HttpResponse<String> r : List.of(again, noReason, badDyno, unknownApp)) {
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        JsonNode row = admin().getJson("/admin/apps/" + app + "/restarts?limit=5").get(1);
        assertThat(row.path("requestedBy").asString()).isEqualTo("operator");
        assertThat(row.path("evidence").asString()).isEqualTo("stuck worker threads");
    }

    @Test
    void perAppPauseResumeAndStatus() {
        JsonNode paused = admin().postJson("/admin/apps/ops-blog/pause", "{\"reason\":\"migration\",\"duration\":\"1h\"}");
        assertThat(paused.path("paused").asBoolean()).isTrue();
        assertThat(admin().getJson("/admin/apps/ops-blog/status").path("pauseReason").asString())
                .isEqualTo("migration");
        assertThat(admin().getJson("/admin/apps/ops-shop/status").path("paused").asBoolean()).isFalse();
        assertThat(admin().getJson("/admin/apps/ops-blog").path("paused").asBoolean()).isTrue();

        assertThat(admin().postJson("/admin/apps/ops-blog/resume", null).path("resumed").asBoolean()).isTrue();
        assertThat(admin().getJson("/admin/apps/ops-blog/status").path("paused").asBoolean()).isFalse();
    }

    @Test
    void theGuardiansPauseShowsAsSuchOnEveryAppAndOnlyTheGuardiansResumeLiftsIt() {
        admin().postJson("/admin/apps/ops-blog/pause", "{\"reason\":\"migration\"}");
        admin().postJson("/admin/pause", "{\"reason\":\"incident\"}");
        try {
            assertPause("ops-shop", "global", "incident");
            assertPause("ops-blog", "global", "incident");
            assertThat(admin().postJson("/admin/resume", "{\"app\":\"ops-shop\"}").path("resumed").asBoolean())
                    .isFalse();
            assertPause("ops-shop", "global", "incident");
        } finally {
            assertThat(admin().postJson("/admin/resume", "{}").path("resumed").asBoolean()).isTrue();
        }

        assertPause("ops-shop", null, null);
        assertPause("ops-blog", "app", "migration");
        admin().postJson("/admin/resume", "{\"app\":\"ops-blog\"}");
        assertPause("ops-blog", null, null);
    }

    /** {@code /admin/apps/{app}} and {@code /admin/apps/{app}/status} agree on the pause that holds the app. */
    private void assertPause(String name, String scope, String reason) {
        JsonNode app = admin().getJson("/admin/apps/" + name);
        JsonNode status = admin().getJson("/admin/apps/" + name + "/status");
        JsonNode listed = null;
        for (JsonNode a : admin().getJson("/admin/status").path("apps")) {
            listed = a.path("app").asString().equals(name) ? a : listed;
        }
        for (JsonNode view : List.of(app, status, listed)) {
            assertThat(view.path("paused").asBoolean()).as(name).isEqualTo(scope != null);
            assertThat(view.path("pauseScope").isNull()).as(name).isEqualTo(scope == null);
            assertThat(view.path("pauseScope").asString(null)).as(name).isEqualTo(scope);
        }
        assertThat(app.path("pauseReason").asString(null)).isEqualTo(reason);
        assertThat(status.path("pauseReason").asString(null)).isEqualTo(reason);
        assertThat(app.path("pausedBy").asString(null)).isEqualTo(scope == null ? null : "admin");
    }

    @Test
    void refusalsOfTheAdminApi() {
        AdminClient none = new AdminClient(port, null, null);
        AdminClient drainCredentials = new AdminClient(port, "admin", DRAIN_PASSWORD);
        AdminClient appDrainCredentials = new AdminClient(port, "admin", "shop-drain-pw");
        AdminClient wrongUser = new AdminClient(port, "root", ADMIN_PASSWORD);
        AdminClient wrongPassword = new AdminClient(port, "admin", "guess");

        for (String path : List.of("/admin/apps", "/admin/apps/ops-shop/dynos", "/admin/status", "/v3/api-docs",
                "/actuator/metrics", "/actuator/prometheus", "/actuator/health/db", "/")) {
            for (AdminClient refused : List.of(none, drainCredentials, appDrainCredentials, wrongUser, wrongPassword)) {
                HttpResponse<String> answer = refused.get(path);
                assertProblem(answer, 401, path);
                assertThat(answer.headers().firstValue("WWW-Authenticate")).as(path)
                        .hasValue("Basic realm=\"dyno-guardian\"");
            }
        }
        assertProblem(admin().get("/admin/apps/nope/dynos"), 404, "unknown app");
        assertProblem(admin().get("/admin/nope"), 404, "unknown path");
        assertProblem(admin().get("/admin/pause"), 405, "GET on a POST endpoint");
        assertProblem(admin().post("/admin/status", "{}"), 405, "POST on a GET endpoint");
        assertProblem(admin().post("/admin/apps/ops-shop/pause", "{\"duration\": 12, \"until\": \"x\"}"), 400,
                "bad app pause body");
        assertProblem(admin().post("/admin/pause", "{\"duration\": \"soon\"}"), 400, "bad pause duration");
        assertProblem(admin().post("/admin/pause", "{broken"), 400, "pause body that is not JSON");
        assertProblem(admin().get("/admin/restarts?limit=0"), 400, "limit 0");
        assertProblem(admin().get("/admin/restarts?limit=many"), 400, "limit not a number");
        assertThat(admin().getJson("/admin/status").path("paused").asBoolean()).isFalse();
    }

    @Test
    void onlyTheAdminCanPauseResumeOrRestart() {
        admin().postJson("/admin/apps/ops-shop/pause", "{\"reason\":\"held by the admin\"}");
        for (AdminClient refused : List.of(new AdminClient(port, null, null),
                new AdminClient(port, "admin", DRAIN_PASSWORD), new AdminClient(port, "admin", "blog-drain-pw"))) {
            assertProblem(refused.post("/admin/pause", "{\"reason\":\"not yours\"}"), 401, "pause");
            assertProblem(refused.post("/admin/apps/ops-blog/pause", "{}"), 401, "app pause");
            assertProblem(refused.post("/admin/resume", "{\"app\":\"ops-shop\"}"), 401, "resume");
            assertProblem(refused.post("/admin/apps/ops-shop/resume", null), 401, "app resume");
            assertProblem(refused.post("/admin/apps/" + app + "/dynos/web.7/restart", "{\"reason\":\"x\"}"), 401,
                    "restart");
        }

        assertThat(admin().getJson("/admin/status").path("paused").asBoolean()).isFalse();
        assertThat(admin().getJson("/admin/apps/ops-blog/status").path("paused").asBoolean()).isFalse();
        assertThat(admin().getJson("/admin/apps/ops-shop/status").path("pauseReason").asString())
                .isEqualTo("held by the admin");
        assertThat(admin().getJson("/admin/restarts?app=" + app)).noneMatch(r -> r.path("dyno").asString()
                .equals("web.7"));
        assertThat(heroku.apiCalls(app, "DELETE")).isEmpty();
        admin().postJson("/admin/apps/ops-shop/resume", null);
    }

    @Test
    void theMetricsTokenOpensOnlyTheMetrics() throws Exception {
        for (String path : List.of("/admin/status", "/admin/apps", "/v3/api-docs", "/")) {
            assertProblem(bearer(path, "scrape-token-e2e"), 401, path);
        }
        for (String path : List.of("/actuator/health/db", "/actuator/health/drain", "/actuator/info")) {
            assertProblem(bearer(path, "scrape-token-e2e"), 403, path);
        }
        HttpResponse<String> health = bearer("/actuator/health", "scrape-token-e2e");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(AdminClient.parse(health.body()).has("components")).isFalse();
        assertThat(bearer("/actuator/prometheus", "scrape-token-e2e").statusCode()).isEqualTo(200);
        assertProblem(bearer("/actuator/prometheus", "another-token"), 401, "wrong bearer");
        assertThat(admin().get("/actuator/prometheus").statusCode()).isEqualTo(200);
        await().untilAsserted(() -> assertThat(admin().get("/actuator/prometheus").body())
                .as("each app has its own gauges").contains("guardian_policy_budget_left{app=\"ops-shop\"} 7.0")
                .contains("guardian_policy_budget_left{app=\"ops-blog\"} 10.0")
                .contains("guardian_drain_stale{app=\"ops-legacy\"} 0.0"));
    }

    @Test
    void theAdminApiIsDescribedByAnOpenApiDocument() {
        JsonNode doc = admin().getJson("/v3/api-docs");

        assertThat(doc.path("info").path("title").asString()).isEqualTo("Dyno Guardian admin API");
        assertThat(doc.path("paths").propertyNames()).contains("/admin/pause", "/admin/resume", "/admin/status",
                "/admin/restarts", "/admin/apps", "/admin/apps/{app}/dynos", "/admin/apps/{app}/dynos/{dyno}/restart");
    }

    @Test
    void perDynoSeriesDisappearOnceTheDynoIsGone() throws Exception {
        drain().post(body().memory("web.6", UUID.randomUUID().toString(), 100, 512));
        await().untilAsserted(() -> assertThat(scrape()).contains("dyno=\"web.6\""));

        clock.advance(Duration.ofMinutes(11));

        await().untilAsserted(() -> assertThat(scrape()).doesNotContain("dyno=\"web.6\""));
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = bearer("/actuator/prometheus", "scrape-token-e2e");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> bearer(String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A refusal the admin API promises: the status, as {@code application/problem+json}, never a stack trace. */
    private static void assertProblem(HttpResponse<String> response, int status, String what) {
        assertThat(response.statusCode()).as(what).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).as(what)
                .startsWith("application/problem+json");
        assertThat(AdminClient.parse(response.body()).path("status").asInt()).as(what).isEqualTo(status);
        assertThat(response.body()).as(what).doesNotContain("trace").doesNotContain("Exception");
    }

    private JsonNode dyno(String name) {
        for (JsonNode d : admin().getJson("/admin/apps/" + app + "/dynos")) {
            if (d.path("dyno").asString().equals(name)) {
                return d;
            }
        }
        throw new AssertionError(name + " not listed");
    }

    private static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }
}
