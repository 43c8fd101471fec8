package dev.dynoguardian.support;

import static org.awaitility.Awaitility.await;

import dev.dynoguardian.DynoGuardianApplication;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A guardian in a JVM of its own, started as an operator would ({@code java -cp ... DynoGuardianApplication
 * --setting=value}) with the test JVM's class path, so that a test can kill it as the platform may: SIGKILL, no
 * shutdown hook, nothing flushed. Its output goes to {@code target/separate-guardians/<name>.log}; it runs on the
 * JIT's first tier only, which starts a short-lived JVM faster.
 */
public final class SeparateGuardian implements AutoCloseable {

    private final Process process;
    private final int port;

    private SeparateGuardian(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the guardian with the environment and settings given and waits until it is ready. */
    public static SeparateGuardian start(String name, Map<String, String> env, Map<String, Object> settings) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                DynoGuardianApplication.class.getName()));
        settings.forEach((key, value) -> {
            if (!key.equals("server.port")) {
                command.add("--" + key + "=" + value);
            }
        });
        command.add("--server.port=" + port);
        try {
            Path log = Files.createDirectories(Path.of("target", "separate-guardians")).resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).directory(new File("."));
            builder.environment().putAll(env);
            SeparateGuardian guardian = new SeparateGuardian(builder.start(), port);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(guardian::ready);
            return guardian;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** SIGKILL on Linux: the JVM stops at once, whatever it was doing. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the guardian did not die");
        }
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the separate guardian exited with " + process.exitValue());
        }
        try {
            return new AdminClient(port, null, null).get("/actuator/health/readiness").statusCode() == 200;
        } catch (UncheckedIOException notListeningYet) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
