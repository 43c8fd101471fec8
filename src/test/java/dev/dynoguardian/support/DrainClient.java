package dev.dynoguardian.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Posts drain batches to the running guardian as logplex does. */
public final class DrainClient {

    private final String baseUrl;
    private final String path;
    private final String password;
    private final int port;
    private final String token;
    private final Map<String, String> headers;

    public DrainClient(int port, String path, String password) {
        this(port, path, password, "d.fc6b856b-3332-4546-93de-7d0ee272c3bd", Map.of());
    }

    private DrainClient(int port, String path, String password, String token, Map<String, String> headers) {
        this.baseUrl = "http://localhost:" + port;
        this.path = path;
        this.password = password;
        this.port = port;
        this.token = token;
        this.headers = headers;
    }

    /** The same drain, sending this {@code Logplex-Drain-Token}. */
    public DrainClient withToken(String drainToken) {
        return new DrainClient(port, path, password, drainToken, headers);
    }

    /** The same drain, sending this header too (e.g. {@code X-Forwarded-For}, as Heroku's router adds it). */
    public DrainClient with(String header, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(header, value);
        return new DrainClient(port, path, password, token, more);
    }

    /** Posts the body with a fresh frame id; returns the HTTP status. */
    public int post(LogplexBody body) {
        return post(body.bytes(), body.frames(), UUID.randomUUID().toString().replace("-", "").toUpperCase());
    }

    public int post(byte[] body, int frames, String frameId) {
        return send(body, frames, frameId, "Basic " + Base64.getEncoder()
                .encodeToString(("logplex:" + password).getBytes(StandardCharsets.UTF_8))).statusCode();
    }

    public HttpResponse<String> send(byte[] body, int frames, String frameId, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/logplex-1")
                .header("Logplex-Msg-Count", String.valueOf(frames))
                .header("Logplex-Frame-Id", frameId)
                .header("Logplex-Drain-Token", token)
                .header("User-Agent", "Logplex/v49")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        headers.forEach(request::header);
        return Http.send(request.build());
    }
}
