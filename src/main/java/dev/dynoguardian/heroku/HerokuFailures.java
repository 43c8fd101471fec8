package dev.dynoguardian.heroku;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Classifies what went wrong with a Platform API call: 429 is retried for every call and opens the breaker; 5xx and
 * timeouts are retried only for idempotent calls and open the breaker; a refused connection never reached Heroku, so
 * it is retried for every call; other 4xx are final and never open the breaker.
 */
final class HerokuFailures {

    private HerokuFailures() {
    }

    static HerokuApiException translate(String operation, boolean idempotent, RestClientException e) {
        if (e instanceof RestClientResponseException r) {
            int status = r.getStatusCode().value();
            String message = "HTTP " + status + " " + herokuMessage(r.getResponseBodyAsString());
            if (status == 429) {
                return new HerokuApiException(operation, status, FailureKind.RATE_LIMITED, message, true, true);
            }
            boolean server = status >= 500;
            return new HerokuApiException(operation, status, server ? FailureKind.HTTP_5XX : FailureKind.HTTP_4XX, message,
                    server && idempotent, server);
        }
        Throwable cause = e instanceof ResourceAccessException ? e.getCause() : e;
        if (cause instanceof ConnectException) {
            return new HerokuApiException(operation, 0, FailureKind.IO_ERROR, "connection refused: " + cause.getMessage(),
                    true, true);
        }
        boolean timeout = cause instanceof SocketTimeoutException || cause instanceof HttpTimeoutException;
        return new HerokuApiException(operation, 0, timeout ? FailureKind.TIMEOUT : FailureKind.IO_ERROR,
                (timeout ? "timed out: " : "I/O error: ") + (cause == null ? e.getMessage() : cause.getMessage()),
                idempotent, true);
    }

    /** The {@code message} of Heroku's JSON error body, or a short prefix of whatever came back. */
    private static String herokuMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        int key = body.indexOf("\"message\"");
        if (key >= 0) {
            int open = body.indexOf('"', body.indexOf(':', key) + 1);
            int close = open < 0 ? -1 : body.indexOf('"', open + 1);
            if (close > open) {
                return body.substring(open + 1, close);
            }
        }
        return body.length() > 200 ? body.substring(0, 200) : body;
    }
}
