package dev.dynoguardian.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.EndToEndTest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * What a hostile page can make the admin's browser send, with its cached Basic credentials, changes nothing: changes
 * must be same-origin JSON. The guardian runs as behind Heroku's router ({@code server.forward-headers-strategy=native},
 * which Spring Boot turns on by itself on Heroku); the tests connect from 127.0.0.1, an address the router might have.
 * And every answer carries the security headers, the status page first.
 */
@TestPropertySource(properties = {
    "guardian.app=writes-e2e",
    "server.forward-headers-strategy=native"
})
class AdminWritesEndToEndTest extends EndToEndTest {

    private static final String PAUSE = "{\"reason\":\"from elsewhere\"}";

    @Test
    void aPauseThatIsNotJsonIsRefusedWith415AndChangesNothing() {
        for (String type : List.of("text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/jsonp", "nonsense")) {
            assertProblem(admin().send("POST", "/admin/pause", type, PAUSE), 415, type);
        }
        HttpResponse<String> none = admin().send("POST", "/admin/pause", null, PAUSE);
        assertProblem(none, 415, "no content type");
        assertThat(none.body()).contains("Content-Type: application/json");
        assertProblem(admin().send("POST", "/admin/apps/" + app + "/pause", "text/plain", PAUSE), 415, "app pause");
        assertProblem(admin().send("POST", "/admin/apps/" + app + "/dynos/web.1/restart", "text/plain",
                "{\"reason\":\"x\"}"), 415, "restart");
        assertProblem(admin().send("DELETE", "/admin/pause", "text/plain", null), 415, "DELETE");
        assertProblem(new AdminClient(port, null, null).send("POST", "/admin/pause", "text/plain", PAUSE), 415,
                "refused before authentication");

        assertNothingChanged();
    }

    @Test
    void aCrossSitePauseIsRefusedWith403AndChangesNothing() {
        for (AdminClient browser : List.of(admin().with("Origin", "https://evil.example"),
                admin().with("Sec-Fetch-Site", "cross-site"), admin().with("Sec-Fetch-Site", "same-site"),
                admin().with("Origin", "https://evil.example").with("Sec-Fetch-Site", "cross-site"),
                admin().with("Origin", "null"), admin().with("Origin", "http://localhost:" + (port + 1)),
                admin().with("Origin", "https://localhost:" + port), admin().with("Origin", "http://evil.localhost"),
                new AdminClient(port, null, null).with("Origin", "https://evil.example"))) {
            assertProblem(browser.post("/admin/pause", PAUSE), 403, "pause");
            assertProblem(browser.send("POST", "/admin/pause", "text/plain", PAUSE), 403, "text/plain pause");
            assertProblem(browser.post("/admin/apps/" + app + "/pause", PAUSE), 403, "app pause");
            assertProblem(browser.post("/admin/apps/" + app + "/dynos/web.1/restart", "{\"reason\":\"x\"}"), 403,
                    "restart");
        }

        assertNothingChanged();
        assertThat(admin().with("Origin", "https://evil.example").get("/admin/status").statusCode())
                .as("reading is not refused: the browser keeps the answer from the other site").isEqualTo(200);
    }

    @Test
    void aSameOriginJsonPauseWorks() {
        AdminClient statusPage = admin().with("Origin", "http://localhost:" + port)
                .with("Sec-Fetch-Site", "same-origin");

        HttpResponse<String> paused = statusPage.send("POST", "/admin/pause", "application/json; charset=UTF-8", PAUSE);

        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
        assertThat(admin().getJson("/admin/status").path("reason").asString()).isEqualTo("from elsewhere");
        assertThat(statusPage.post("/admin/resume", null).statusCode()).as("a JSON POST without a body").isEqualTo(200);
        assertThat(admin().getJson("/admin/status").path("paused").asBoolean()).isFalse();
        assertThat(admin().post("/admin/pause", PAUSE).statusCode()).as("curl: no Origin").isEqualTo(200);
        assertThat(admin().postJson("/admin/resume", "{}").path("resumed").asBoolean()).isTrue();
    }

    @Test
    void behindTheRouterTheOriginIsTheOneTheRouterForwarded() {
        AdminClient routed = admin().with("X-Forwarded-For", "203.0.113.7").with("X-Forwarded-Proto", "https")
                .with("X-Forwarded-Host", "my-guardian.herokuapp.com").with("X-Forwarded-Port", "443");

        assertProblem(routed.with("Origin", "http://localhost:" + port).post("/admin/pause", PAUSE), 403,
                "the address the router was reached at is the origin, not the dyno's");
        assertProblem(routed.with("Origin", "http://my-guardian.herokuapp.com").post("/admin/pause", PAUSE), 403,
                "reached over https");
        assertNothingChanged();
        assertThat(routed.with("Origin", "https://my-guardian.herokuapp.com").post("/admin/pause", PAUSE).statusCode())
                .isEqualTo(200);
        assertThat(admin().postJson("/admin/resume", "{}").path("resumed").asBoolean()).isTrue();
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersTheStatusPageFirst() {
        AdminClient anonymous = new AdminClient(port, null, null);
        for (HttpResponse<String> answer : List.of(admin().get("/"), admin().get("/status.js"),
                admin().get("/admin/status"), anonymous.get("/"), anonymous.get("/actuator/health"),
                admin().send("POST", "/admin/pause", "text/plain", PAUSE))) {
            String what = answer.request().method() + " " + answer.request().uri().getPath() + " "
                    + answer.statusCode();
            assertThat(answer.headers().firstValue("Content-Security-Policy")).as(what).hasValue("default-src 'self'; "
                    + "script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                    + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
            assertThat(answer.headers().firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
            assertThat(answer.headers().firstValue("X-Frame-Options")).as(what).hasValue("DENY");
        }
    }

    /** The CSP allows no inline script or style: the page must bring none (setting element.style from JS is fine). */
    @Test
    void theStatusPageNeedsNoInlineScriptOrStyle() {
        String page = admin().get("/").body();
        String script = admin().get("/status.js").body();

        assertThat(page).contains("<script src=\"status.js\"").doesNotContainPattern("<script(?![^>]*\\ssrc=)")
                .doesNotContainPattern("(?i)\\sstyle\\s*=").doesNotContainPattern("(?i)\\son[a-z]+\\s*=")
                .doesNotContainPattern("(?i)<style").doesNotContain("javascript:");
        assertThat(script).doesNotContainPattern("setAttribute\\(\\s*[\"'](style|on[a-z]+)")
                .doesNotContain("innerHTML").doesNotContain("eval(").doesNotContain("new Function");
    }

    private void assertNothingChanged() {
        assertThat(admin().getJson("/admin/status").path("paused").asBoolean()).isFalse();
        assertThat(admin().getJson("/admin/apps/" + app + "/status").path("paused").asBoolean()).isFalse();
        assertThat(admin().getJson("/admin/restarts?app=" + app)).isEmpty();
        assertThat(heroku.apiCalls(app, "DELETE")).isEmpty();
    }

    static void assertProblem(HttpResponse<String> response, int status, String what) {
        assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).as(what)
                .startsWith("application/problem+json");
        assertThat(AdminClient.parse(response.body()).path("status").asInt()).as(what).isEqualTo(status);
    }
}
