package dev.dynoguardian.demo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Writes drain batches the way logplex does: octet-counted RFC 5424 frames, each with its trailing newline. */
final class LogplexWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int frames;

    /** A platform line (APP-NAME {@code heroku}). */
    void heroku(String procId, String message) {
        frame("heroku", procId, message);
    }

    /** A line the app printed, or an API event (APP-NAME {@code app}). */
    void app(String procId, String message) {
        frame("app", procId, message);
    }

    int frames() {
        return frames;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private void frame(String appName, String procId, String message) {
        String line = "<134>1 " + Instant.now() + " host " + appName + " " + procId + " - " + message + "\n";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        out.writeBytes((bytes.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(bytes);
        frames++;
    }
}
