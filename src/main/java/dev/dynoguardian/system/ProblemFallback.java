package dev.dynoguardian.system;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The last word on errors no feature answered itself: unknown paths (404), wrong methods (405) and the rest of Spring
 * MVC's own as problem details, and anything unexpected as a 500 problem without its message or stack trace (which go
 * to the log).
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ProblemFallback extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemFallback.class);

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e, HttpServletRequest request) {
        log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
        return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The guardian failed to answer this request; the error is in its log.");
    }
}
