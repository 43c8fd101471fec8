package dev.dynoguardian.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs Debian's {@code wrk} with {@code bench/drain.lua}: 1 thread, 16 connections, one body, fresh frame ids. */
final class Wrk {

    /** What one wrk run measured. */
    record Result(long requests, double seconds, long non2xx, long socketErrors, double p50Ms, double p99Ms) {

        double requestsPerSecond() {
            return requests / seconds;
        }
    }

    private final Path script;

    Wrk(Path script) {
        this.script = script;
    }

    Result run(String url, Path body, int lines, String authorization, String runId, int seconds) {
        ProcessBuilder builder = new ProcessBuilder("wrk", "-t1", "-c16", "-d" + seconds + "s", "--timeout", "10s",
                "-s", script.toString(), url).redirectErrorStream(true);
        builder.environment().putAll(Map.of("LOAD_BODY", body.toString(), "LOAD_MSG_COUNT", String.valueOf(lines),
                "LOAD_AUTH", authorization, "LOAD_RUN", runId));
        try {
            Process wrk = builder.start();
            String out = new String(wrk.getInputStream().readAllBytes());
            if (wrk.waitFor() != 0 || !out.contains("RESULT ")) {
                throw new IllegalStateException("wrk failed:\n" + out);
            }
            Map<String, Long> v = new HashMap<>();
            for (String pair : out.substring(out.indexOf("RESULT ") + 7).trim().split("\\s+")) {
                String[] kv = pair.split("=");
                v.put(kv[0], Long.parseLong(kv[1]));
            }
            return new Result(v.get("requests"), v.get("duration_us") / 1e6, v.get("non2xx"), v.get("socket_errors"),
                    v.get("p50_us") / 1e3, v.get("p99_us") / 1e3);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
