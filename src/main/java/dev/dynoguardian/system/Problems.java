package dev.dynoguardian.system;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** Refusals written before Spring MVC is reached (security), as the same problem details the admin API answers. */
public final class Problems {

    private Problems() {
    }

    /** {@code detail} is a fixed text of ours: it is written as it is, without JSON escaping. */
    public static void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase()
                + "\",\"status\":" + status.value() + ",\"detail\":\"" + detail + "\"}");
    }

    /** 429 for a client that failed to authenticate too often: {@code Retry-After} says when it may try again. */
    public static void throttled(HttpServletResponse response, long retryAfterSeconds) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
        write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many failed authentications from this address; try again in "
                + retryAfterSeconds + " seconds.");
    }
}
