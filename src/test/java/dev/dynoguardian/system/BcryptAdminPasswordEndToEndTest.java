package dev.dynoguardian.system;

import static dev.dynoguardian.system.AdminWritesEndToEndTest.assertProblem;
import static dev.dynoguardian.system.FailedAuthThrottleEndToEndTest.assertThrottled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.EndToEndTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A {@code {bcrypt}} ADMIN_PASSWORD works, and bcrypt is paid once per five minutes (the credential verified last is
 * remembered), not per request; a throttled client is refused without any bcrypt unless it presents that credential,
 * and concurrent guesses cannot go beyond the burst.
 */
@TestPropertySource(properties = {
    "guardian.app=bcrypt-e2e",
    "server.forward-headers-strategy=native"
})
@Import(CountingPasswordEncoder.Config.class)
class BcryptAdminPasswordEndToEndTest extends EndToEndTest {

    @Autowired
    private CountingPasswordEncoder encoder;

    @DynamicPropertySource
    static void bcryptAdminPassword(DynamicPropertyRegistry registry) {
        registry.add("guardian.admin.password", () -> "{bcrypt}" + new BCryptPasswordEncoder(4).encode(ADMIN_PASSWORD));
    }

    @Test
    void aBcryptPasswordWorksAndIsHashedOncePerFiveMinutesNotPerRequest() {
        int before = encoder.matches();
        for (int i = 0; i < 20; i++) {
            assertThat(admin().get("/admin/status").statusCode()).isEqualTo(200);
        }
        assertThat(admin().postJson("/admin/pause", "{\"reason\":\"bcrypt\"}").path("pausedBy").asString())
                .isEqualTo("admin");
        assertThat(admin().postJson("/admin/resume", "{}").path("resumed").asBoolean()).isTrue();
        assertThat(encoder.matches() - before).isEqualTo(1);

        clock.advance(Duration.ofMinutes(4));
        admin().getJson("/admin/status");
        assertThat(encoder.matches() - before).isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        admin().getJson("/admin/status");
        assertThat(encoder.matches() - before).as("verified again after five minutes").isEqualTo(2);

        assertProblem(new AdminClient(port, "admin", "guess").get("/admin/status"), 401, "a wrong password");
        assertProblem(new AdminClient(port, "root", ADMIN_PASSWORD).get("/admin/status"), 401, "a wrong user");
        assertThat(encoder.matches() - before).isEqualTo(4);
    }

    @Test
    void aThrottledClientIsRefusedWithoutAnyBcryptUnlessItsCredentialWasJustVerified() {
        AdminClient guessing = new AdminClient(port, "admin", "guess").with("X-Forwarded-For", "198.51.100.60");
        AdminClient adminThere = admin().with("X-Forwarded-For", "198.51.100.60");
        int before = encoder.matches();
        for (int i = 0; i < 10; i++) {
            assertProblem(guessing.get("/admin/status"), 401, "guess " + i);
        }
        assertThat(encoder.matches() - before).isEqualTo(10);

        assertThrottled(guessing.get("/admin/status"), 6);
        assertThrottled(adminThere.get("/admin/status"), 6);
        assertThat(encoder.matches() - before).as("no bcrypt for a throttled client").isEqualTo(10);

        assertThat(admin().with("X-Forwarded-For", "198.51.100.61").get("/admin/status").statusCode()).isEqualTo(200);
        assertThat(adminThere.get("/admin/status").statusCode()).isEqualTo(200);
        assertThrottled(guessing.get("/admin/status"), 6);
        assertThat(encoder.matches() - before).as("one bcrypt, for the client that was not throttled").isEqualTo(11);
    }

    @Test
    void concurrentGuessesCannotGoBeyondTheBurst() {
        HttpRequest guess = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/status"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("admin:guess".getBytes(StandardCharsets.UTF_8)))
                .header("X-Forwarded-For", "198.51.100.70").build();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int before = encoder.matches();

        List<Integer> statuses = IntStream.range(0, 30)
                .mapToObj(i -> http.sendAsync(guess, HttpResponse.BodyHandlers.discarding()))
                .toList().stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();

        assertThat(statuses).filteredOn(status -> status == 401).hasSize(10);
        assertThat(statuses).filteredOn(status -> status == 429).hasSize(20);
        assertThat(encoder.matches() - before).isEqualTo(10);
    }
}
