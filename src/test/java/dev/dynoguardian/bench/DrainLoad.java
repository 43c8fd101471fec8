package dev.dynoguardian.bench;

import bench.noop.NoopDrainApplication;
import dev.dynoguardian.support.LogplexBody;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The drain load test ({@code bench/drain-load.sh}): starts the guardian as Heroku does (the {@code Procfile}'s web
 * command, Standard-1X options in {@code JAVA_TOOL_OPTIONS}) against a {@link PlatformApiStub}, and the
 * {@link NoopDrainApplication} with the same options; loads each in turn with wrk, alternating, for every batch size
 * and formation size; meanwhile times R14 lines to their restart calls. Prints a table and exits 1 when a goal is
 * missed. Settings are system properties: {@code load.seconds} per run (default 15), {@code load.warmup} seconds
 * before each run (default 5), {@code load.rounds} (default 2), {@code load.batches} (default {@code 100,1000}),
 * {@code load.formations} (default {@code 20,500}).
 */
public final class DrainLoad {

    static final String JAVA_TOOL_OPTIONS = "-Xmx300m -Xss512k -XX:CICompilerCount=2";
    private static final String PASSWORD = "load-test-drain-password";
    private static final String AUTHORIZATION = "Basic "
            + Base64.getEncoder().encodeToString(("logplex:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    /** The app whose dynos the R14 lines name: the largest formation, so that no dyno is restarted twice. */
    private static final int R14_PER_RUN = 20;

    private static final double MIN_RATIO = 0.6;
    private static final double MAX_RSS_MB = 350;
    private static final double MAX_R14_P99_MS = 100;
    private static final int RSS_LOAD_SECONDS = 60;

    private final int seconds = Integer.getInteger("load.seconds", 15);
    private final int warmup = Integer.getInteger("load.warmup", 5);
    private final int rounds = Integer.getInteger("load.rounds", 2);
    private final int[] batches = ints(System.getProperty("load.batches", "100,1000"));
    private final int[] formations = ints(System.getProperty("load.formations", "20,500"));
    private final Path work;
    private final Wrk wrk;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Double> r14Millis = new ArrayList<>();
    private int r14Missing;
    private int nextR14Dyno = 1;
    private long guardianLoadSeconds;

    private DrainLoad(Path work) {
        this.work = work;
        this.wrk = new Wrk(Path.of("bench/drain.lua").toAbsolutePath());
    }

    public static void main(String[] args) throws IOException {
        Path work = Files.createDirectories(Path.of("target/load"));
        System.exit(new DrainLoad(work).run() ? 0 : 1);
    }

    private record Run(String server, int lines, int dynos, int round, Wrk.Result result) {

        double linesPerSecond() {
            return result.requestsPerSecond() * lines;
        }
    }

    private boolean run() {
        int largest = Arrays.stream(formations).max().orElseThrow();
        try (PlatformApiStub api = new PlatformApiStub(formations);
             ServerProcess guardian = startGuardian(api);
             ServerProcess noop = startNoop()) {
            List<Run> runs = new ArrayList<>();
            for (int lines : batches) {
                for (int dynos : formations) {
                    for (int round = 1; round <= rounds; round++) {
                        for (ServerProcess server : List.of(noop, guardian)) {
                            runs.add(load(server, server == guardian, lines, dynos, round, api, largest));
                        }
                    }
                }
            }
            double rss = guardian.rssMb();
            double heap = guardian.heapUsedMb();
            return report(runs, rss, heap);
        }
    }

    private Run load(ServerProcess server, boolean guardian, int lines, int dynos, int round, PlatformApiStub api,
                     int largest) {
        Path body = LoadBodies.write(work, lines, dynos);
        String url = server.url() + "/logs/" + PlatformApiStub.app(dynos);
        String id = server.name() + "-" + lines + "-" + dynos + "-" + round + "-" + System.nanoTime();
        wrk.run(url, body, lines, AUTHORIZATION, id + "-warmup", warmup);
        CompletableFuture<Void> r14s = guardian
                ? CompletableFuture.runAsync(() -> timeR14s(server, api, PlatformApiStub.app(largest), largest))
                : CompletableFuture.completedFuture(null);
        Wrk.Result result = wrk.run(url, body, lines, AUTHORIZATION, id, seconds);
        r14s.join();
        if (guardian) {
            guardianLoadSeconds += warmup + seconds;
        }
        Run run = new Run(server.name(), lines, dynos, round, result);
        System.out.printf(Locale.ROOT, "%-8s %5d lines %4d dynos round %d: %,12.0f lines/s  p50 %7.2f ms  p99 %7.2f ms"
                + "  non-2xx %d  socket errors %d%n", run.server(), lines, dynos, round, run.linesPerSecond(),
                result.p50Ms(), result.p99Ms(), result.non2xx(), result.socketErrors());
        return run;
    }

    /**
     * Posts one R14 line for each of {@value #R14_PER_RUN} dynos not restarted before, spread over the run, and
     * records how long each took to reach the stub as a restart call.
     */
    private void timeR14s(ServerProcess guardian, PlatformApiStub api, String app, int formationSize) {
        long spacing = seconds * 1000L / (R14_PER_RUN + 1);
        for (int i = 0; i < R14_PER_RUN && nextR14Dyno <= formationSize; i++) {
            ServerProcess.sleep(spacing);
            String dyno = "web." + nextR14Dyno++;
            byte[] body = LogplexBody.at(Instant.now()).r14(dyno).bytes();
            long sent = System.nanoTime();
            post(guardian.url() + "/logs/" + app, body, "r14-" + dyno + "-" + sent);
            Long arrived = null;
            while (arrived == null && System.nanoTime() - sent < 10_000_000_000L) {
                ServerProcess.sleep(1);
                arrived = api.restartedAt(app, dyno);
            }
            synchronized (r14Millis) {
                if (arrived == null) {
                    r14Missing++;
                } else {
                    r14Millis.add((arrived - sent) / 1e6);
                }
            }
        }
    }

    private void post(String url, byte[] body, String frameId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/logplex-1").header("Authorization", AUTHORIZATION)
                .header("Logplex-Msg-Count", "1").header("Logplex-Frame-Id", frameId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 204) {
                throw new IllegalStateException("the R14 line got " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean report(List<Run> runs, double rss, double heap) {
        List<String> missed = new ArrayList<>();
        System.out.printf("%n%d cores; wrk 1 thread, 16 connections; %d s runs after %d s warm-up, %d rounds%n",
                Runtime.getRuntime().availableProcessors(), seconds, warmup, rounds);
        System.out.println("| batch | dynos | no-op lines/s | guardian lines/s | ratio | guardian p50 / p99 ms | non-2xx |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        Map<String, List<Run>> byCase = new LinkedHashMap<>();
        runs.forEach(r -> byCase.computeIfAbsent(r.lines() + "/" + r.dynos(), k -> new ArrayList<>()).add(r));
        for (List<Run> group : byCase.values()) {
            double noop = mean(group, "noop");
            double guardian = mean(group, "guardian");
            List<Run> g = group.stream().filter(r -> r.server().equals("guardian")).toList();
            long non2xx = group.stream().mapToLong(r -> r.result().non2xx() + r.result().socketErrors()).sum();
            double ratio = guardian / noop;
            int lines = group.get(0).lines();
            System.out.printf(Locale.ROOT, "| %d | %d | %,.0f | %,.0f | %.2f | %.1f / %.1f | %d |%n", lines,
                    group.get(0).dynos(), noop, guardian, ratio, g.stream().mapToDouble(r -> r.result().p50Ms())
                            .average().orElse(Double.NaN), g.stream().mapToDouble(r -> r.result().p99Ms()).max()
                            .orElse(Double.NaN), non2xx);
            if (lines == 100 && ratio < MIN_RATIO) {
                missed.add(String.format(Locale.ROOT, "throughput %.2f of the no-op with %d dynos (goal %.1f)",
                        ratio, group.get(0).dynos(), MIN_RATIO));
            }
            if (non2xx > 0) {
                missed.add(non2xx + " requests without a 2xx with " + lines + "-line batches");
            }
        }
        List<Double> r14 = r14Millis.stream().sorted().toList();
        double p50 = percentile(r14, 50);
        double p99 = percentile(r14, 99);
        System.out.printf(Locale.ROOT, "%nR14 line to restart call under load: p50 %.1f ms, p99 %.1f ms (%d R14 lines"
                + ", %d never acted on within 10 s)%n", p50, p99, r14.size(), r14Missing);
        System.out.printf(Locale.ROOT, "guardian after %d s of load: RSS %.0f MB, heap in use %.0f MB%n",
                guardianLoadSeconds, rss, heap);
        if (r14Missing > 0 || !(p99 <= MAX_R14_P99_MS)) {
            missed.add(String.format(Locale.ROOT, "R14 to restart p99 %.1f ms, %d missing (goal %.0f ms)", p99,
                    r14Missing, MAX_R14_P99_MS));
        }
        if (guardianLoadSeconds >= RSS_LOAD_SECONDS && rss > MAX_RSS_MB) {
            missed.add(String.format(Locale.ROOT, "RSS %.0f MB (goal %.0f MB)", rss, MAX_RSS_MB));
        } else if (guardianLoadSeconds < RSS_LOAD_SECONDS) {
            System.out.println("(RSS goal not judged: less than " + RSS_LOAD_SECONDS + " s of load)");
        }
        missed.forEach(m -> System.out.println("GOAL MISSED: " + m));
        System.out.println(missed.isEmpty() ? "all goals met" : missed.size() + " goal(s) missed");
        return missed.isEmpty();
    }

    private ServerProcess startGuardian(PlatformApiStub api) {
        String procfile = read(Path.of("Procfile"));
        String web = procfile.lines().filter(l -> l.startsWith("web:")).findFirst()
                .orElseThrow(() -> new IllegalStateException("Procfile has no web command")).substring(4).trim();
        int port = freePort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PORT", String.valueOf(port));
        env.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
        env.put("JAVA_OPTS", System.getProperty("load.guardian.java-opts", ""));
        env.put("AUTH_TOKEN", "load-test-token");
        env.put("HEROKU_API_URL", api.url());
        env.put("SPRING_DATASOURCE_URL", "jdbc:h2:file:" + work.toAbsolutePath().resolve("guardian-db")
                + "-" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
                + "USER=sa;PASSWORD=");
        for (int i = 0; i < formations.length; i++) {
            env.put("GUARDIAN_APPS_" + i + "_NAME", PlatformApiStub.app(formations[i]));
            env.put("GUARDIAN_APPS_" + i + "_DRAIN_PASSWORD", PASSWORD);
        }
        // Every R14 is acted on at once, so the test times the path from the drain to the API, not the policy's holds.
        env.put("GUARDIAN_POLICY_MAXINFLIGHT", "10000");
        env.put("GUARDIAN_POLICY_MAXUNAVAILABLE", "1.0");
        env.put("GUARDIAN_POLICY_MAXRESTARTSPERHOUR", "10000");
        env.put("GUARDIAN_POLICY_MAXQUEUE", "10000");
        env.put("RESILIENCE4J_RATELIMITER_INSTANCES_HEROKU_LIMITFORPERIOD", "10000");
        return ServerProcess.start("guardian", web, Path.of("").toAbsolutePath().toFile(), env, port, work.resolve("guardian.log"),
                "/actuator/health");
    }

    private ServerProcess startNoop() {
        int port = freePort();
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
        String command = "java -cp '" + classpath + "' "
                + NoopDrainApplication.class.getName() + " --server.port=" + port + " --spring.main.banner-mode=off";
        return ServerProcess.start("noop", command, work.toFile(), Map.of("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS),
                port, work.resolve("noop.log"), "/");
    }

    private static double mean(List<Run> runs, String server) {
        return runs.stream().filter(r -> r.server().equals(server)).mapToDouble(Run::linesPerSecond).average()
                .orElse(Double.NaN);
    }

    private static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
