package dev.dynoguardian.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The Platform API as the load test needs it: {@code GET /apps/{app}/dynos} lists {@code web.1} to {@code web.N}, all
 * up; {@code DELETE /apps/{app}/dynos/{dyno}} answers 202 and records when it arrived ({@link System#nanoTime()}, so
 * the load test, in the same JVM, can time an R14 line to its restart call); everything else 404.
 */
final class PlatformApiStub implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> dynoLists = new ConcurrentHashMap<>();
    private final Map<String, Long> restartedAt = new ConcurrentHashMap<>();

    /** Serves one app per formation size: {@link #app(int)} with {@code web.1} to {@code web.<size>}. */
    PlatformApiStub(int... formations) {
        for (int size : formations) {
            formation(app(size), size);
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "platform-api-stub");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::answer);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The name of the app whose formation has {@code size} dynos. */
    static String app(int size) {
        return "formation-" + size;
    }

    private void formation(String app, int size) {
        String since = Instant.now().minus(Duration.ofDays(1)).toString();
        dynoLists.put(app, IntStream.rangeClosed(1, size)
                .mapToObj(i -> "{\"id\":\"" + UUID.nameUUIDFromBytes(("web." + i).getBytes(StandardCharsets.UTF_8))
                        + "\",\"name\":\"web." + i + "\",\"type\":\"web\",\"state\":\"up\",\"size\":\"Standard-1X\","
                        + "\"created_at\":\"" + since + "\",\"updated_at\":\"" + since + "\"}")
                .collect(Collectors.joining(",", "[", "]")));
    }

    /** When the restart of the app's dyno arrived (nanoTime), or null. */
    Long restartedAt(String app, String dyno) {
        return restartedAt.get(app + "/" + dyno);
    }

    private void answer(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        String[] parts = exchange.getRequestURI().getPath().split("/");
        String method = exchange.getRequestMethod();
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("RateLimit-Remaining", "4000");
        boolean dynos = parts.length >= 4 && "apps".equals(parts[1]) && "dynos".equals(parts[3]);
        if (dynos && parts.length == 4 && "GET".equals(method) && dynoLists.containsKey(parts[2])) {
            byte[] json = dynoLists.get(parts[2]).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, json.length);
            exchange.getResponseBody().write(json);
        } else if (dynos && parts.length == 5 && "DELETE".equals(method)) {
            restartedAt.putIfAbsent(parts[2] + "/" + parts[4], arrived);
            exchange.sendResponseHeaders(202, -1);
        } else {
            exchange.sendResponseHeaders(404, -1);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
