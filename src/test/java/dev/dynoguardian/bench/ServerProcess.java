package dev.dynoguardian.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One HTTP server the load test starts in a process of its own: the guardian or the no-op endpoint. */
final class ServerProcess implements AutoCloseable {

    /** Start-up is slow with two JIT threads on a busy machine. */
    private static final Duration STARTUP = Duration.ofMinutes(5);

    private final String name;
    private final Process process;
    private final int port;

    private ServerProcess(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    /** Runs {@code command} with bash in {@code dir}, output to {@code log}, and waits until {@code readyPath} answers. */
    static ServerProcess start(String name, String command, File dir, Map<String, String> env, int port, Path log,
                               String readyPath) {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "exec " + command).directory(dir)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        ServerProcess server;
        try {
            server = new ServerProcess(name, builder.start(), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            server.awaitReady(readyPath, log);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    String name() {
        return name;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Resident set size in MB, from {@code /proc}. */
    double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Double.NaN;
    }

    /** Java heap in use, in MB, as {@code jstat -gc} reports it (survivor, eden and old spaces). */
    double heapUsedMb() {
        try {
            Process jstat = new ProcessBuilder("jstat", "-gc", String.valueOf(process.pid())).start();
            List<String> lines = new String(jstat.getInputStream().readAllBytes()).lines().toList();
            jstat.waitFor();
            List<String> names = List.of(lines.get(0).trim().split("\\s+"));
            String[] values = lines.get(1).trim().split("\\s+");
            double kb = 0;
            for (String column : List.of("S0U", "S1U", "EU", "OU")) {
                kb += Double.parseDouble(values[names.indexOf(column)]);
            }
            return kb / 1024;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    private void awaitReady(String path, Path log) {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(url() + path)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() < 500) {
                    return;
                }
            } catch (IOException notYet) {
                sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(name + " did not answer " + path + " within " + STARTUP + "; see " + log);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
