package dev.dynoguardian.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A stub of the Heroku Platform API (and of Slack and webhook receivers) over real HTTP, shared by the whole test
 * JVM. Each test class watches its own app name, so calls and scripted answers are kept per app: {@code /apps/{app}/}
 * for the API, {@code /hooks/{app}/...} for notifications.
 */
public final class HerokuStub {

    /** One request the guardian made. */
    public record Call(String method, String path, String authorization, String accept, String body,
                       java.time.Instant at) {
    }

    private static final String STANDARD_JSON = formationJson(standardFormation());
    private static final HerokuStub INSTANCE = new HerokuStub();

    private final MockWebServer server = new MockWebServer();
    private final Map<String, List<Call>> calls = new ConcurrentHashMap<>();
    private final Map<String, Function<RecordedRequest, MockResponse>> scripts = new ConcurrentHashMap<>();
    private final Map<String, String> dynoLists = new ConcurrentHashMap<>();
    private final Map<String, Function<RecordedRequest, MockResponse>> platformStatuses = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> platformPolls = new ConcurrentHashMap<>();

    private HerokuStub() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer(request);
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static HerokuStub get() {
        return INSTANCE;
    }

    public String url() {
        String url = server.url("/").toString();
        return url.substring(0, url.length() - 1);
    }

    public String hookUrl(String app, String name) {
        return url() + "/hooks/" + app + "/" + name;
    }

    public void reset(String app) {
        calls.remove(app);
        scripts.remove(app);
        dynoLists.remove(app);
        platformStatuses.remove(app);
    }

    /**
     * What Heroku's status API answers at {@code /platform-status/{key}} (the guardian of test class {@code key}
     * polls there): this JSON with 200. Unset, it answers Apps green.
     */
    public void platformStatus(String key, String json) {
        platformStatuses.put(key, request -> new MockResponse.Builder().code(200)
                .setHeader("Content-Type", "application/json").body(json).build());
    }

    /** Heroku's status API answers {@code key}'s guardian as {@code answer} says (e.g. 503, or a broken body). */
    public void platformStatus(String key, Function<RecordedRequest, MockResponse> answer) {
        platformStatuses.put(key, answer);
    }

    /** How often {@code key}'s guardian has asked the status API. */
    public int platformStatusPolls(String key) {
        java.util.concurrent.atomic.AtomicInteger polls = platformPolls.get(key);
        return polls == null ? 0 : polls.get();
    }

    /** A current-status answer: Apps, Data and Tools at {@code apps}, and one incident when {@code title} is set. */
    public static String platformStatusJson(String apps, String title) {
        String incidents = title == null ? "[]" : "[{\"id\":1,\"title\":\"" + title + "\",\"full_url\":"
                + "\"https://status.heroku.com/incidents/1\",\"updates\":[]}]";
        return "{\"status\":[{\"system\":\"Apps\",\"status\":\"" + apps + "\"},{\"system\":\"Data\","
                + "\"status\":\"green\"},{\"system\":\"Tools\",\"status\":\"green\"}],\"incidents\":"
                + incidents + "}";
    }

    /** Answers the app's requests with the script; return null from it to fall back to the normal answers. */
    public void script(String app, Function<RecordedRequest, MockResponse> script) {
        scripts.put(app, script);
    }

    /**
     * What {@code GET /apps/{app}/dynos} lists when a test has not said otherwise: {@code web}, {@code worker} and
     * {@code clock} dynos 1 to 100, all up for a day, and three one-off dynos ({@code run.1}, {@code scheduler.3099},
     * {@code release.9811}) as Heroku lists them too.
     */
    public static final List<String> STANDARD_FORMATION = standardFormation();

    /** The JSON {@code GET /apps/{app}/dynos} answers. */
    public void dynos(String app, String json) {
        dynoLists.put(app, json);
    }

    /** {@code GET /apps/{app}/dynos} lists exactly these dynos, all up for a day. */
    public void formation(String app, String... dynos) {
        dynos(app, formationJson(List.of(dynos)));
    }

    /** {@code GET /apps/{app}/dynos} lists exactly these dynos in these states (in this order). */
    public void formation(String app, Map<String, String> stateByDyno) {
        dynos(app, formationJson(stateByDyno));
    }

    /** The JSON of a formation of dynos, all up since a day before now. */
    public static String formationJson(List<String> dynos) {
        Map<String, String> states = new java.util.LinkedHashMap<>();
        dynos.forEach(d -> states.put(d, "up"));
        return formationJson(states);
    }

    private static String formationJson(Map<String, String> stateByDyno) {
        String since = java.time.Instant.now().minus(java.time.Duration.ofDays(1)).toString();
        StringBuilder json = new StringBuilder("[");
        stateByDyno.forEach((dyno, state) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            String type = dyno.substring(0, dyno.indexOf('.'));
            json.append("{\"id\":\"").append(java.util.UUID.nameUUIDFromBytes(dyno.getBytes(StandardCharsets.UTF_8)))
                    .append("\",\"name\":\"").append(dyno).append("\",\"type\":\"").append(type)
                    .append("\",\"state\":\"").append(state).append("\",\"size\":\"Standard-1X\",")
                    .append("\"created_at\":\"").append(since).append("\",\"updated_at\":\"").append(since)
                    .append("\"}");
        });
        return json.append(']').toString();
    }

    private static List<String> standardFormation() {
        List<String> dynos = new java.util.ArrayList<>();
        for (String type : List.of("web", "worker", "clock")) {
            for (int i = 1; i <= 100; i++) {
                dynos.add(type + "." + i);
            }
        }
        dynos.addAll(List.of("run.1", "scheduler.3099", "release.9811"));
        return List.copyOf(dynos);
    }

    public List<Call> calls(String app) {
        return List.copyOf(calls.getOrDefault(app, List.of()));
    }

    /** The app's calls that act on dynos (restarts and stops, never the listing), as {@code "DELETE /apps/..."}. */
    public List<String> actions(String app) {
        return calls(app).stream().filter(c -> !c.method().equals("GET") && c.path().startsWith("/apps/"))
                .map(c -> c.method() + " " + c.path()).toList();
    }

    /** How many times the guardian listed the app's dynos. */
    public long listings(String app) {
        return calls(app).stream().filter(c -> c.method().equals("GET") && c.path().equals("/apps/" + app + "/dynos"))
                .count();
    }

    /** The app's API calls with the given method, as {@code "DELETE /apps/shop/dynos/web.1"}. */
    public List<String> apiCalls(String app, String method) {
        return calls(app).stream().filter(c -> c.method().equals(method) && c.path().startsWith("/apps/"))
                .map(c -> c.method() + " " + c.path()).toList();
    }

    public List<String> hookBodies(String app, String name) {
        return calls(app).stream().filter(c -> c.path().equals("/hooks/" + app + "/" + name)).map(Call::body).toList();
    }

    public static MockResponse status(int code) {
        return new MockResponse.Builder().code(code).setHeader("RateLimit-Remaining", "4000")
                .setHeader("Content-Type", "application/json")
                .body(code >= 400 ? "{\"id\":\"error\",\"message\":\"stub says " + code + "\"}" : "{}").build();
    }

    private MockResponse answer(RecordedRequest request) {
        String path = request.getTarget();
        if (path.startsWith("/platform-status/")) {
            String key = path.substring("/platform-status/".length());
            platformPolls.computeIfAbsent(key, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            Function<RecordedRequest, MockResponse> answer = platformStatuses.get(key);
            return answer != null ? answer.apply(request) : new MockResponse.Builder().code(200)
                    .setHeader("Content-Type", "application/json").body(platformStatusJson("green", null)).build();
        }
        String app = appOf(path);
        calls.computeIfAbsent(app, a -> new CopyOnWriteArrayList<>()).add(new Call(request.getMethod(), path,
                request.getHeaders().get("Authorization"), request.getHeaders().get("Accept"),
                request.getBody() == null ? "" : request.getBody().string(StandardCharsets.UTF_8),
                java.time.Instant.now()));
        Function<RecordedRequest, MockResponse> script = scripts.get(app);
        MockResponse scripted = script == null ? null : script.apply(request);
        if (scripted != null) {
            return scripted;
        }
        if (path.startsWith("/hooks/")) {
            return status(200);
        }
        if ("GET".equals(request.getMethod()) && path.equals("/apps/" + app + "/dynos")) {
            return new MockResponse.Builder().code(200).setHeader("RateLimit-Remaining", "4000")
                    .setHeader("Content-Type", "application/json")
                    .body(dynoLists.getOrDefault(app, STANDARD_JSON)).build();
        }
        return status("DELETE".equals(request.getMethod()) || "POST".equals(request.getMethod()) ? 202 : 404);
    }

    private static String appOf(String path) {
        String[] parts = path.split("/");
        return parts.length > 2 && ("apps".equals(parts[1]) || "hooks".equals(parts[1])) ? parts[2] : "";
    }
}
