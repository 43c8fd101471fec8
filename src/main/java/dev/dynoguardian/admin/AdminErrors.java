package dev.dynoguardian.admin;

import dev.dynoguardian.restart.UnknownAppException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Admin API errors as {@code application/problem+json}, with what was wrong and never a stack trace. */
@RestControllerAdvice(assignableTypes = AdminController.class)
class AdminErrors extends ResponseEntityExceptionHandler {

    @ExceptionHandler(UnknownAppException.class)
    ProblemDetail unknownApp(UnknownAppException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }
}
