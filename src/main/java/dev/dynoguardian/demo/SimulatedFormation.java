package dev.dynoguardian.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The playground's formation and its script: one dyno leaks memory until R14, one turns slow, one leaks so fast that
 * restarts do not help, and a deploy restarts every dyno. Advanced in simulated seconds by {@link DemoRunner}; each
 * step writes the drain lines Heroku would send. Restarting a dyno really replaces it.
 */
final class SimulatedFormation {

    /** The flapping dyno's leak: over quota about 30 simulated seconds after each boot. */
    private static final double FLAPPING_LEAK_MB = 12;

    private final DemoProperties p;
    private final Map<String, SimulatedDyno> dynos = new LinkedHashMap<>();
    private final Map<String, Double> restartAt = new LinkedHashMap<>();
    private final List<String[]> pending = new ArrayList<>();
    private final SplittableRandom random = new SplittableRandom(2026);
    private final Consumer<String> console;
    private double now;
    private boolean slowed;
    private boolean deployed;

    SimulatedFormation(DemoProperties p, Consumer<String> console) {
        this.p = p;
        this.console = console;
        for (int i = 1; i <= p.webDynos(); i++) {
            add("web." + i, 240 + random.nextInt(60));
        }
        for (int i = 1; i <= p.workerDynos(); i++) {
            add("worker." + i, 180 + random.nextInt(40));
        }
        dyno(p.leakingDyno()).ifPresent(d -> {
            d.leakMbPerSecond = p.leakRateMb();
            console.accept(d.name + " has a memory leak: +" + p.leakRateMb() + " MB per second");
        });
        dyno(p.flappingDyno()).ifPresent(d -> {
            d.leakMbPerSecond = FLAPPING_LEAK_MB;
            console.accept(d.name + " leaks so fast that restarting it will not help");
        });
    }

    private void add(String name, double baseline) {
        dynos.put(name, new SimulatedDyno(name, baseline, random.nextDouble(20)));
    }

    private Optional<SimulatedDyno> dyno(String name) {
        return Optional.ofNullable(name == null ? null : dynos.get(name));
    }

    /** Moves simulated time on by {@code seconds} and writes what happened meanwhile. */
    synchronized void advance(double seconds, LogplexWriter out) {
        now += seconds;
        pending.forEach(line -> out.heroku(line[0], line[1]));
        pending.clear();
        script(out);
        for (SimulatedDyno d : dynos.values()) {
            Double at = restartAt.get(d.name);
            if (at != null && now >= at) {
                restartAt.remove(d.name);
                replace(d, "deploy");
            }
            if (d.boot(now)) {
                out.heroku(d.name, "Starting process with command `bundle exec puma -C config/puma.rb`");
                out.heroku(d.name, "State changed from starting to up");
                if (d.name.equals(p.flappingDyno())) {
                    d.leakMbPerSecond = FLAPPING_LEAK_MB;
                }
            }
            if (d.up()) {
                d.memoryMb += d.leakMbPerSecond * seconds;
                traffic(d, seconds, out);
            }
            if (now >= d.nextSampleAt) {
                d.nextSampleAt = now + 20;
                sample(d, out);
            }
        }
    }

    private void script(LogplexWriter out) {
        if (!slowed && now >= p.slowAfter().toSeconds()) {
            slowed = true;
            dyno(p.slowDyno()).ifPresent(d -> {
                d.slowFactor = p.slowFactor();
                console.accept(d.name + " turned slow: responses take " + p.slowFactor() + "x longer");
            });
        }
        if (!deployed && !p.deployAfter().isZero() && now >= p.deployAfter().toSeconds()) {
            deployed = true;
            console.accept("deploy v42: the platform restarts every dyno; the latency guardian should hold still");
            out.app("api", "Release v42 created by user demo@example.com");
            int i = 0;
            for (SimulatedDyno d : dynos.values()) {
                restartAt.put(d.name, now + 1.5 * i++);
            }
        }
    }

    private void traffic(SimulatedDyno d, double seconds, LogplexWriter out) {
        if (!d.web()) {
            return;
        }
        double expected = p.requestsPerSecond() * seconds;
        int requests = (int) expected + (random.nextDouble() < expected - (int) expected ? 1 : 0);
        for (int r = 0; r < requests; r++) {
            long service = Math.max(1, Math.round(p.latencyMs() * d.slowFactor * Math.exp(0.3 * random.nextGaussian())));
            out.heroku("router", "at=info method=GET path=\"/products/" + random.nextInt(500) + "\" host=demo-shop"
                    + ".herokuapp.com request_id=" + Long.toHexString(random.nextLong()) + " fwd=\"203.0.113."
                    + random.nextInt(255) + "\" dyno=" + d.name + " connect=1ms service=" + service
                    + "ms status=200 bytes=" + (800 + random.nextInt(4000)) + " protocol=https");
            if (random.nextInt(20) == 0) {
                out.app(d.name, "Completed 200 OK in " + service + "ms (Views: 12.1ms | ActiveRecord: 4.2ms)");
            }
        }
    }

    private void sample(SimulatedDyno d, LogplexWriter out) {
        double quota = SimulatedDyno.QUOTA_MB;
        double swap = Math.max(0, d.memoryMb - quota);
        out.heroku(d.name, String.format(Locale.ROOT, "source=%s dyno=heroku.4242.%s sample#memory_total=%.2fMB "
                + "sample#memory_rss=%.2fMB sample#memory_cache=1.20MB sample#memory_swap=%.2fMB "
                + "sample#memory_pgpgin=1200pages sample#memory_pgpgout=800pages sample#memory_quota=%.2fMB",
                d.name, d.incarnation, d.memoryMb, d.memoryMb - swap, swap, quota));
        if (d.memoryMb > quota) {
            out.heroku(d.name, String.format(Locale.ROOT, "Process running mem=%.0fM(%.1f%%)", d.memoryMb,
                    100 * d.memoryMb / quota));
            boolean r15 = d.memoryMb > 2 * quota;
            out.heroku(d.name, r15 ? "Error R15 (Memory quota vastly exceeded)" : "Error R14 (Memory quota exceeded)");
            if (r15) {
                out.heroku(d.name, "Stopping process with SIGKILL");
                replace(d, "R15 kill");
            }
        }
    }

    /** The Heroku API restarted ({@code stop} false) or stopped the dyno; false when there is no such dyno. */
    synchronized boolean apiAction(String name, boolean stop) {
        SimulatedDyno d = dynos.get(name);
        if (d == null) {
            return false;
        }
        pending.add(new String[] {d.name, stop ? "Stopping all processes with SIGTERM" : "Restarting"});
        replace(d, stop ? "stopped by the API (the platform starts it again)" : "restarted by the API");
        return true;
    }

    private void replace(SimulatedDyno d, String why) {
        String old = d.incarnation;
        d.replace(now, p.bootTime().toSeconds());
        pending.add(new String[] {d.name, "State changed from up to starting"});
        pending.add(new String[] {d.name, "Process exited with status 143"});
        console.accept(d.name + " " + why + ": incarnation " + old.substring(0, 8) + " replaced by "
                + d.incarnation.substring(0, 8));
    }

    /** The dynos as {@code GET /apps/{app}/dynos} lists them. */
    synchronized List<Map<String, Object>> list(String app, Instant realNow, double speed) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SimulatedDyno d : dynos.values()) {
            Instant changed = realNow.minusMillis((long) ((now - (d.up() ? d.upSince : d.bootsAt - p.bootTime()
                    .toSeconds())) * 1000 / speed));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", d.incarnation);
            json.put("name", d.name);
            json.put("type", d.name.substring(0, d.name.indexOf('.')));
            json.put("state", d.state.wire());
            json.put("size", "Standard-1X");
            json.put("app", Map.of("name", app));
            json.put("created_at", changed.toString());
            json.put("updated_at", changed.toString());
            out.add(json);
        }
        return out;
    }
}
