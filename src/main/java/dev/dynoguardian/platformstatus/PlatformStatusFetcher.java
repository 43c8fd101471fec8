package dev.dynoguardian.platformstatus;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.decorators.Decorators;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET guardian.platform-status.url} through the {@code platform-status} circuit breaker. The whole call,
 * connecting and reading, takes at most {@code guardian.platform-status.timeout}; an answer over {@value #MAX_BODY}
 * bytes is cut off and refused. The client follows no redirect and sends no credentials.
 */
final class PlatformStatusFetcher {

    static final int MAX_BODY = 256 * 1024;

    private final HttpClient http;
    private final HttpRequest request;
    private final Duration timeout;
    private final CircuitBreaker breaker;

    PlatformStatusFetcher(PlatformStatusProperties properties, CircuitBreaker breaker) {
        this.timeout = properties.timeout();
        this.breaker = breaker;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.request = HttpRequest.newBuilder(properties.uri()).timeout(timeout).header("Accept", "application/json")
                .header("User-Agent", "dyno-guardian").GET().build();
    }

    /** The parsed answer; throws when the API cannot be reached, answers other than 200 or sends no valid status. */
    PlatformReport fetch() {
        return Decorators.ofSupplier(this::call).withCircuitBreaker(breaker).decorate().get();
    }

    CircuitBreaker.State circuit() {
        return breaker.getState();
    }

    private PlatformReport call() {
        CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request, info -> new Bounded(MAX_BODY));
        try {
            HttpResponse<byte[]> response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the status API answered " + response.statusCode());
            }
            return PlatformReport.parse(response.body());
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new UncheckedIOException(new IOException("no answer within " + timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause()
                    : e.getCause();
            throw new IllegalStateException(cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
        }
    }

    /** Collects a body of at most {@code max} bytes; a longer one is cancelled and fails. */
    private static final class Bounded implements HttpResponse.BodySubscriber<byte[]> {

        private final int max;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Bounded(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("the answer is larger than " + max + " bytes"));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
