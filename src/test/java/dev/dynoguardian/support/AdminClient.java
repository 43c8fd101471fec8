package dev.dynoguardian.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls the admin API and actuator of the running guardian over HTTP. */
public final class AdminClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final String authorization;
    private final Map<String, String> headers;

    public AdminClient(int port, String user, String password) {
        this("http://localhost:" + port, user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)), Map.of());
    }

    private AdminClient(String baseUrl, String authorization, Map<String, String> headers) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
        this.headers = headers;
    }

    /** The same client, sending this header too on every request (e.g. {@code Origin}, {@code X-Forwarded-For}). */
    public AdminClient with(String header, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(header, value);
        return new AdminClient(baseUrl, authorization, more);
    }

    /** The same client with this {@code Authorization} header instead of its Basic credentials. */
    public AdminClient authorization(String value) {
        return new AdminClient(baseUrl, value, headers);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    public HttpResponse<String> post(String path, String json) {
        return send("POST", path, "application/json", json);
    }

    /** Any method, with this {@code Content-Type} (none when null) and body (none when null). */
    public HttpResponse<String> send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    public JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    public JsonNode postJson(String path, String json) {
        HttpResponse<String> response = post(path, json);
        if (response.statusCode() != 200) {
            throw new AssertionError("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    public static JsonNode parse(String json) {
        return JSON.readTree(json);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        headers.forEach(request::header);
        return Http.send(request.build());
    }
}
