package dev.dynoguardian.admin;

import dev.dynoguardian.restart.UnknownAppException;
import dev.dynoguardian.rolling.NoRollException;
import dev.dynoguardian.rolling.RollConflictException;
import java.util.concurrent.CompletionException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Admin API errors as {@code application/problem+json}, with what was wrong and never a stack trace. Ahead of the
 * application's {@code ProblemFallback}, which answers what is not handled here (unknown paths, unexpected errors).
 */
@RestControllerAdvice(assignableTypes = {AdminController.class, AppsController.class, HistoryController.class,
        RollingController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class AdminErrors extends ResponseEntityExceptionHandler {

    @ExceptionHandler(UnknownAppException.class)
    ProblemDetail unknownApp(UnknownAppException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(NoRollException.class)
    ProblemDetail noRoll(NoRollException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(RollConflictException.class)
    ProblemDetail rollRunning(RollConflictException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(DataAccessException.class)
    ProblemDetail databaseUnavailable(DataAccessException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The guardian's database is not answering; try again shortly.");
    }

    @ExceptionHandler(CompletionException.class)
    ProblemDetail noAnswer(CompletionException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The restart policy did not answer in time; the request may still be decided. See /admin/restarts.");
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }
}
