package dev.dynoguardian.demo;

import dev.dynoguardian.system.Background;
import dev.dynoguardian.drain.DrainProperties;
import dev.dynoguardian.rolling.RollingRestarts;
import dev.dynoguardian.system.AdminProperties;
import dev.dynoguardian.system.WatchedApps;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Runs the playground once the guardian listens: every real second advances the simulated formation by
 * {@code guardian.demo.speed} seconds and posts what it logged to the guardian's own drain over HTTP, as logplex would.
 * At {@code guardian.demo.roll-after} it starts a rolling restart of the web dynos, as a schedule would.
 */
@Component
@Profile("demo")
class DemoRunner implements ApplicationListener<WebServerInitializedEvent>, DisposableBean {

    private final SimulatedFormation formation;
    private final DemoProperties demo;
    private final String authorization;
    private final String adminUser;
    private final RollingRestarts rolls;
    private final String app;
    private double simulatedSeconds;
    private boolean rolled;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Background ticker = Background.thread("demo-formation");

    DemoRunner(SimulatedFormation formation, DemoProperties demo, DrainProperties drain, AdminProperties admin,
               RollingRestarts rolls, WatchedApps apps) {
        this.formation = formation;
        this.rolls = rolls;
        this.app = apps.names().get(0);
        this.demo = demo;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(("logplex:" + drain.password())
                .getBytes(StandardCharsets.UTF_8));
        this.adminUser = admin.user();
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        int port = event.getWebServer().getPort();
        URI drain = URI.create("http://localhost:" + port + "/logs");
        DemoConfig.CONSOLE.info("[demo] Dyno Guardian playground: status page http://localhost:{}/ (user {}, the"
                + " admin password of application-demo.yml); a simulated formation posts to {}", port, adminUser, drain);
        ticker.every(Duration.ofSeconds(1), Duration.ofSeconds(1), () -> tick(drain));
    }

    private void tick(URI drain) {
        simulatedSeconds += demo.speed();
        if (!rolled && !demo.rollAfter().isZero() && simulatedSeconds >= demo.rollAfter().toSeconds()) {
            rolled = true;
            roll();
        }
        try {
            LogplexWriter batch = new LogplexWriter();
            formation.advance(demo.speed(), batch);
            if (batch.frames() == 0) {
                return;
            }
            HttpRequest request = HttpRequest.newBuilder(drain)
                    .header("Content-Type", "application/logplex-1")
                    .header("Logplex-Msg-Count", String.valueOf(batch.frames()))
                    .header("Logplex-Frame-Id", UUID.randomUUID().toString().replace("-", "").toUpperCase())
                    .header("Logplex-Drain-Token", "d.00000000-demo-drain")
                    .header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(batch.bytes())).build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 204) {
                DemoConfig.CONSOLE.warn("[demo] the drain answered {}", response.statusCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            DemoConfig.CONSOLE.warn("[demo] could not post to the drain: {}", e.toString());
        }
    }

    private void roll() {
        try {
            rolls.start(app, "the playground's refresh of every web dyno", List.of("web"), null, "playground");
            DemoConfig.CONSOLE.info("[demo] a rolling restart of the web dynos starts: one at a time, each after its"
                    + " replacement is up and the latency guardian has looked at it");
        } catch (RuntimeException e) {
            DemoConfig.CONSOLE.info("[demo] no rolling restart now: {}", e.getMessage());
        }
    }

    @Override
    public void destroy() {
        ticker.stop();
    }
}
