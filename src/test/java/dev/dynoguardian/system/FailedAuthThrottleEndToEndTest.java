package dev.dynoguardian.system;

import static dev.dynoguardian.system.AdminWritesEndToEndTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.DrainClient;
import dev.dynoguardian.support.EndToEndTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * Guessing is slowed, per client: after {@code failed-auth-burst} (10) wrong drain passwords, admin passwords or
 * metrics tokens the client is answered 429 with {@code Retry-After}, and regains one attempt per
 * {@code failed-auth-refill} (6 s) on the guardian's clock. The client is the last {@code X-Forwarded-For} entry, the
 * one Heroku's router appends, as the guardian sees it behind the router ({@code server.forward-headers-strategy}
 * native, Spring Boot's default on Heroku; the tests connect from 127.0.0.1, an address the router might have).
 * Logplex's deliveries with the right password are never throttled.
 */
@TestPropertySource(properties = {
    "guardian.app=throttle-e2e",
    "guardian.admin.metrics-token=scrape-token-e2e",
    "guardian.security.failed-auth-clients=3",
    "server.forward-headers-strategy=native"
})
@Import(CountingPasswordEncoder.Config.class)
class FailedAuthThrottleEndToEndTest extends EndToEndTest {

    private static final int BURST = 10;

    @Autowired
    private CountingPasswordEncoder encoder;

    @Test
    void wrongAdminPasswordsAreAnswered429AfterABurstPerClient() {
        AdminClient guessing = from("198.51.100.1", new AdminClient(port, "admin", "guess"));
        for (int i = 0; i < BURST; i++) {
            HttpResponse<String> refused = guessing.get("/admin/status");
            assertProblem(refused, 401, "guess " + i);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"dyno-guardian\"");
        }

        assertThrottled(guessing.get("/admin/status"), 6);
        assertThrottled(guessing.send("POST", "/admin/pause", "application/json", "{}"), 6);
        assertThrottled(guessing.with("X-Forwarded-For", "192.0.2.9, 198.51.100.1").get("/"),
                6);
        assertThrottled(from("198.51.100.1", admin()).get("/admin/status"), 6);
        assertProblem(from("198.51.100.2", new AdminClient(port, "admin", "guess")).get("/admin/status"), 401,
                "another client");
        assertThat(from("198.51.100.2", admin()).get("/admin/status").statusCode()).isEqualTo(200);
        assertThat(from("198.51.100.1", admin()).get("/admin/status").statusCode())
                .as("the credential just verified for another client").isEqualTo(200);
        assertThat(admin().getJson("/admin/status").path("paused").asBoolean()).isFalse();
        assertThat(encoder.matches()).as("a plain ADMIN_PASSWORD is never hashed").isZero();
    }

    @Test
    void afterTheRefillTimeTheClientMayTryAgain() {
        AdminClient guessing = from("198.51.100.5", new AdminClient(port, "admin", "guess"));
        for (int i = 0; i < BURST; i++) {
            assertProblem(guessing.get("/admin/status"), 401, "guess " + i);
        }
        assertThrottled(guessing.get("/admin/status"), 6);

        clock.advance(Duration.ofSeconds(5));
        assertThrottled(guessing.get("/admin/status"), 1);
        clock.advance(Duration.ofSeconds(1));
        assertProblem(guessing.get("/admin/status"), 401, "one attempt regained");
        assertThrottled(guessing.get("/admin/status"), 6);

        clock.advance(Duration.ofMinutes(1));
        for (int i = 0; i < BURST; i++) {
            assertProblem(guessing.get("/admin/status"), 401, "a full burst again, guess " + i);
        }
        assertThrottled(guessing.get("/admin/status"), 6);
    }

    @Test
    void wrongDrainPasswordsAreThrottledButLogplexsDeliveriesNeverAre() {
        String client = "198.51.100.20";
        DrainClient guessing = new DrainClient(port, "/logs", "guess").with("X-Forwarded-For", client);
        for (int i = 0; i < BURST; i++) {
            HttpResponse<String> refused = guessing.send(r14(), 1, "g" + i, basic("logplex", "guess"));
            assertProblem(refused, 401, "guess " + i);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"drain\"");
        }

        assertThrottled(guessing.send(r14(), 1, "g", basic("logplex", "guess")), 6);
        assertThrottled(new DrainClient(port, "/logs/nope", DRAIN_PASSWORD).with("X-Forwarded-For", client)
                .send(r14(), 1, "g", basic("logplex", DRAIN_PASSWORD)), 6);
        DrainClient logplex = drain().with("X-Forwarded-For", client);
        for (int i = 0; i < 5; i++) {
            assertThat(logplex.post(body().memory("web.1", UUID.randomUUID().toString(), 100, 512)))
                    .as("the right drain password from the throttled client").isEqualTo(204);
        }
        assertThrottled(from(client, new AdminClient(port, "admin", "guess")).get("/admin/status"), 6);
        assertProblem(new DrainClient(port, "/logs", "guess").with("X-Forwarded-For", "198.51.100.21")
                .send(r14(), 1, "o", basic("logplex", "guess")), 401, "another client");
        assertThat(heroku.apiCalls(app, "DELETE")).as("no refused batch was read").isEmpty();
    }

    @Test
    void wrongMetricsTokensAreThrottledTheRightOneNever() {
        String client = "198.51.100.30";
        AdminClient guessing = from(client, new AdminClient(port, null, null)).authorization("Bearer guess");
        for (int i = 0; i < BURST; i++) {
            assertProblem(guessing.get("/actuator/prometheus"), 401, "guess " + i);
        }

        assertThrottled(guessing.get("/actuator/prometheus"), 6);
        assertThrottled(guessing.get("/actuator/metrics"), 6);
        assertThat(guessing.authorization("Bearer scrape-token-e2e").get("/actuator/prometheus").statusCode())
                .as("the right token from the throttled client").isEqualTo(200);
        assertProblem(from("198.51.100.31", guessing).get("/actuator/prometheus"), 401, "another client");
    }

    @Test
    void failuresAndThrottledAttemptsAreCountedPerRealm() {
        AdminClient scraper = new AdminClient(port, null, null).authorization("Bearer scrape-token-e2e");
        double failuresBefore = counter(scraper, "guardian_auth_failures_total{realm=\"admin\"}");
        double throttledBefore = counter(scraper, "guardian_auth_throttled_total{realm=\"admin\"}");
        AdminClient guessing = from("198.51.100.40", new AdminClient(port, "admin", "guess"));
        for (int i = 0; i <= BURST; i++) {
            guessing.get("/admin/status");
        }

        assertThat(counter(scraper, "guardian_auth_failures_total{realm=\"admin\"}") - failuresBefore)
                .isEqualTo(BURST);
        assertThat(counter(scraper, "guardian_auth_throttled_total{realm=\"admin\"}") - throttledBefore)
                .isEqualTo(1);
        assertThat(scraper.get("/actuator/prometheus").body())
                .contains("guardian_auth_failures_total{realm=\"drain\"}")
                .contains("guardian_auth_throttled_total{realm=\"metrics\"}");
    }

    /** At most {@code failed-auth-clients} (3 here) are remembered: made-up addresses only make it forget. */
    @Test
    void theClientsRememberedAreBounded() {
        AdminClient throttled = from("198.51.100.50", new AdminClient(port, "admin", "guess"));
        for (int i = 0; i < BURST; i++) {
            throttled.get("/admin/status");
        }
        assertThrottled(throttled.get("/admin/status"), 6);

        for (String other : new String[] {"198.51.100.51", "198.51.100.52", "198.51.100.53"}) {
            assertProblem(from(other, throttled).get("/admin/status"), 401, other);
        }

        assertProblem(throttled.get("/admin/status"), 401, "forgotten, so trying again");
    }

    private static AdminClient from(String address, AdminClient client) {
        return client.with("X-Forwarded-For", address);
    }

    private byte[] r14() {
        return body().r14("web.1").bytes();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static double counter(AdminClient scraper, String series) {
        return scraper.get("/actuator/prometheus").body().lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1))).findFirst()
                .orElseThrow(() -> new AssertionError(series + " is not served"));
    }

    static void assertThrottled(HttpResponse<String> response, long retryAfterSeconds) {
        assertProblem(response, 429, "throttled");
        assertThat(response.headers().firstValue("Retry-After")).hasValue(String.valueOf(retryAfterSeconds));
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    }
}
