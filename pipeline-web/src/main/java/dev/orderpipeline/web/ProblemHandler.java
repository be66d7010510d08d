package dev.orderpipeline.web;

import java.util.Comparator;

import com.mongodb.MongoException;
import dev.orderpipeline.web.EventPublisher.KafkaUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Every error Spring MVC handles as {@code application/problem+json}: the API's own {@link Problems}
 * and Spring's {@code ErrorResponse}s as they are; validation errors name the JSON path of the
 * field, an oversized body is 413, an unreachable Kafka or MongoDB is 503 with Retry-After, and an
 * unexpected failure is a plain 500 without internals.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(KafkaUnavailableException.class)
    ResponseEntity<Object> kafkaUnavailable(KafkaUnavailableException e) {
        log.warn("Kafka unavailable: {}", e.getCause().toString());
        return answer(Problems.unavailable("The event log (Kafka) is unavailable; nothing was changed. Retry later."));
    }

    /** Spring Data translates the driver's failures: a resource failure or a transient one is an outage. */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class, MongoException.class})
    ResponseEntity<Object> mongoUnavailable(Exception e) {
        log.warn("MongoDB unavailable: {}", e.toString());
        return answer(Problems.unavailable("The view store (MongoDB) is unavailable. Retry later."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return answer(Problems.unexpected());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return answer(Problems.invalid(ex.getBindingResult().getFieldErrors().stream()
                .map(error -> new Problems.FieldError(error.getField(), error.getDefaultMessage()))
                .sorted(Comparator.comparing(Problems.FieldError::field))
                .toList()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ErrorResponse cause = problemCause(ex);
        if (cause != null) {
            return answer(cause);
        }
        String field = jsonPath(ex);
        return answer(field.isEmpty() ? Problems.malformedJson() : Problems.invalid(field, "has the wrong type"));
    }

    private static ResponseEntity<Object> answer(ErrorResponse problem) {
        return ResponseEntity.status(problem.getStatusCode()).headers(problem.getHeaders()).body(problem.getBody());
    }

    private static String jsonPath(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
                StringBuilder path = new StringBuilder();
                for (JacksonException.Reference reference : jackson.getPath()) {
                    if (reference.getPropertyName() != null) {
                        path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
                    } else if (reference.getIndex() >= 0) {
                        path.append('[').append(reference.getIndex()).append(']');
                    }
                }
                return path.toString();
            }
        }
        return "";
    }

    /** A failed read of the body that says what to answer (the body size limit's 413, say). */
    private static ErrorResponse problemCause(Throwable error) {
        for (Throwable t = error.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ErrorResponse problem) {
                return problem;
            }
        }
        return null;
    }
}
