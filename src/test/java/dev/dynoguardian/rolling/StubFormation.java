package dev.dynoguardian.rolling;

import dev.dynoguardian.support.HerokuStub;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import mockwebserver3.MockResponse;

/**
 * A formation behind the {@link HerokuStub} that restarts as Heroku's does: a {@code DELETE} of a dyno lists it
 * {@code starting} from then on, until the test says its replacement is {@code up} ({@link #up}); its
 * {@code updated_at} is the last state change on the test's clock. Remembers whether any restart was asked while
 * another dyno of its type was not up.
 */
final class StubFormation {

    private record Dyno(String state, Instant updatedAt) {
    }

    private final Map<String, Dyno> dynos = new LinkedHashMap<>();
    private final Supplier<Instant> clock;
    private final List<String> overlaps = new ArrayList<>();

    private StubFormation(Supplier<Instant> clock) {
        this.clock = clock;
    }

    /** The dynos, up for a day on the test's clock, answering the app's list and restart calls from now on. */
    static StubFormation of(HerokuStub heroku, String app, Supplier<Instant> clock, String... names) {
        StubFormation formation = new StubFormation(clock);
        for (String name : names) {
            formation.dynos.put(name, new Dyno("up", clock.get().minus(Duration.ofDays(1))));
        }
        heroku.script(app, request -> formation.answer(app, request.getMethod(), request.getTarget()));
        return formation;
    }

    /** The dyno came up (or was restarted by someone else) that long before now. */
    synchronized StubFormation upSince(String dyno, Duration ago) {
        dynos.put(dyno, new Dyno("up", clock.get().minus(ago)));
        return this;
    }

    /** The dyno's replacement is up now. */
    synchronized void up(String dyno) {
        dynos.put(dyno, new Dyno("up", clock.get()));
    }

    synchronized String state(String dyno) {
        return dynos.get(dyno).state();
    }

    /** Restarts that were asked while another dyno of the same type was not up. */
    synchronized List<String> overlaps() {
        return List.copyOf(overlaps);
    }

    private synchronized MockResponse answer(String app, String method, String path) {
        if ("GET".equals(method) && path.equals("/apps/" + app + "/dynos")) {
            return new MockResponse.Builder().code(200).setHeader("RateLimit-Remaining", "4000")
                    .setHeader("Content-Type", "application/json").body(json()).build();
        }
        String prefix = "/apps/" + app + "/dynos/";
        if ("DELETE".equals(method) && path.startsWith(prefix)) {
            String name = path.substring(prefix.length());
            if (!dynos.containsKey(name)) {
                return HerokuStub.status(404);
            }
            String type = type(name);
            dynos.forEach((other, d) -> {
                if (!other.equals(name) && type(other).equals(type) && !"up".equals(d.state())) {
                    overlaps.add(name + " while " + other + " was " + d.state());
                }
            });
            dynos.put(name, new Dyno("starting", clock.get()));
            return HerokuStub.status(202);
        }
        return null;
    }

    private String json() {
        StringBuilder json = new StringBuilder("[");
        dynos.forEach((name, d) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("{\"id\":\"").append(UUID.nameUUIDFromBytes(name.getBytes())).append("\",\"name\":\"")
                    .append(name).append("\",\"type\":\"").append(type(name)).append("\",\"state\":\"")
                    .append(d.state()).append("\",\"size\":\"Standard-1X\",\"created_at\":\"").append(d.updatedAt())
                    .append("\",\"updated_at\":\"").append(d.updatedAt()).append("\"}");
        });
        return json.append(']').toString();
    }

    private static String type(String dyno) {
        return dyno.substring(0, dyno.indexOf('.'));
    }
}
