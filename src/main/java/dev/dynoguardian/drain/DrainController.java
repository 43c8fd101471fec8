package dev.dynoguardian.drain;

import dev.dynoguardian.system.WatchedApp;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTPS log drain: {@code POST /logs} (the app of {@code guardian.app}) and {@code POST /logs/{app}}. Decodes
 * the body on the request thread, hands the events to the listeners (which never block) and answers 204 at once.
 * Authentication happened in {@link DrainAuthenticationFilter}; the principal is the app the password opened.
 */
@RestController
class DrainController {

    private static final Logger log = LoggerFactory.getLogger(DrainController.class);
    /** Logplex's frame ids are 32 hex digits; longer ones are not remembered, so the dedup memory stays bounded. */
    private static final int MAX_FRAME_ID = 64;

    private final List<DrainListener> listeners;
    private final BatchDecoder decoder;
    private final FrameIds frameIds;
    private final DrainMetrics metrics;
    private final Clock clock;
    private final long maxBody;

    DrainController(List<DrainListener> listeners, DrainProperties properties, MeterRegistry meters, Clock clock) {
        this.listeners = listeners;
        this.decoder = new BatchDecoder(listeners.stream().anyMatch(DrainListener::wantsAppLines));
        this.frameIds = new FrameIds(properties.dedupCapacity(), properties.dedupTtl().toMillis(), clock);
        this.metrics = new DrainMetrics(meters);
        this.clock = clock;
        this.maxBody = properties.maxBodySize().toBytes();
    }

    @PostMapping(path = {"/logs", "/logs/{app}"})
    ResponseEntity<?> receive(@AuthenticationPrincipal WatchedApp app, HttpServletRequest request) throws IOException {
        long receivedAt = clock.millis();
        String token = request.getHeader("Logplex-Drain-Token");
        if (!app.drainTokens().isEmpty() && (token == null || !app.drainTokens().contains(token))) {
            metrics.request(app.name(), "refused-token");
            return problem(HttpStatus.FORBIDDEN, "This drain token is not accepted for app " + app.name() + ".");
        }
        if (request.getContentLengthLong() > maxBody) {
            metrics.request(app.name(), "too-large");
            return tooLarge();
        }
        Body body = readAtMost(request.getInputStream(), request.getContentLengthLong(), maxBody);
        if (body == null) {
            metrics.request(app.name(), "too-large");
            return tooLarge();
        }
        long start = System.nanoTime();
        BatchDecoder.Decoded decoded;
        try {
            decoded = decoder.decode(body.bytes(), body.length());
        } catch (RuntimeException e) {
            log.error("could not decode a drain body of {} bytes for app {}", body.length(), app.name(), e);
            metrics.request(app.name(), "undecodable");
            return problem(HttpStatus.BAD_REQUEST, "The body is not an application/logplex-1 batch.");
        }
        long decodeNanos = System.nanoTime() - start;
        // Marked as seen only once decoded: a batch answered 400 is processed when logplex delivers it again.
        String frameId = request.getHeader("Logplex-Frame-Id");
        if (frameId != null && frameId.length() <= MAX_FRAME_ID && !frameIds.firstTime(app.name(), frameId)) {
            metrics.request(app.name(), "duplicate");
            return ResponseEntity.noContent().build();
        }
        metrics.decoded(app.name(), decoded, decodeNanos);
        String count = request.getHeader("Logplex-Msg-Count");
        if (count != null && !count.equals(String.valueOf(decoded.frames() + decoded.malformed()))) {
            metrics.countMismatch(app.name());
        }
        metrics.request(app.name(), decoded.malformed() > 0 ? "accepted-with-malformed" : "accepted");
        DrainBatch batch = new DrainBatch(app.name(), receivedAt, decoded.events());
        for (DrainListener listener : listeners) {
            try {
                listener.onBatch(batch);
            } catch (RuntimeException e) {
                log.error("drain listener {} failed on a batch of app {}", listener.getClass().getSimpleName(),
                        app.name(), e);
            }
        }
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<ProblemDetail> tooLarge() {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "The body is larger than guardian.drain.max-body-size ("
                + maxBody + " bytes).");
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }

    /** The first {@code length} bytes of {@code bytes}. */
    private record Body(byte[] bytes, int length) {
    }

    /**
     * The whole body, or null when it is longer than {@code max} bytes. Read into a buffer one byte longer than the
     * declared length (when the request declares one), so that a body as long as it says is read without copying.
     */
    private static Body readAtMost(InputStream in, long declared, long max) throws IOException {
        long first = declared >= 0 ? declared + 1 : 64 * 1024;
        byte[] buf = new byte[(int) Math.min(max + 1, Math.max(first, 1))];
        int length = 0;
        for (int n; (n = in.read(buf, length, buf.length - length)) != -1; ) {
            length += n;
            if (length > max) {
                return null;
            }
            if (length == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(max + 1, buf.length * 2L));
            }
        }
        return new Body(buf, length);
    }
}
