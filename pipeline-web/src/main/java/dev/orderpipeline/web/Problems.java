package dev.orderpipeline.web;

import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The API's own problems (API.md), each a Spring {@link ErrorResponseException} with its problem
 * detail and headers: thrown where Spring MVC answers it ({@link ProblemHandler}), written by
 * {@link ProblemWriter} where it does not.
 */
public final class Problems {

    /** RFC 9457's default type, written out. */
    public static final URI ABOUT_BLANK = URI.create("about:blank");

    private static final String RETRY_AFTER_SECONDS = "2";

    /** A field the request got wrong, named by its JSON path. */
    public record FieldError(String field, String message) {
    }

    private Problems() {
    }

    public static ErrorResponseException notFound(String detail) {
        return problem(HttpStatus.NOT_FOUND, detail);
    }

    public static ErrorResponseException conflict(String detail) {
        return problem(HttpStatus.CONFLICT, detail);
    }

    public static ErrorResponseException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    /** 400 naming every field that is wrong, in {@code errors} and in the detail. */
    public static ErrorResponseException invalid(List<FieldError> errors) {
        String detail = errors.stream().map(error -> error.field() + ": " + error.message())
                .collect(Collectors.joining("; "));
        ErrorResponseException problem = problem(HttpStatus.BAD_REQUEST,
                detail.isEmpty() ? "invalid request body" : detail);
        problem.setTitle("Invalid request");
        problem.getBody().setProperty("errors", errors);
        return problem;
    }

    public static ErrorResponseException malformedJson() {
        ErrorResponseException problem = problem(HttpStatus.BAD_REQUEST, "The request body is not valid JSON.");
        problem.setTitle("Malformed JSON");
        return problem;
    }

    public static ErrorResponseException contentTooLarge(int maxBytes) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than " + maxBytes + " bytes.");
    }

    public static ErrorResponseException unauthorized(String detail) {
        ErrorResponseException problem = problem(HttpStatus.UNAUTHORIZED, detail);
        problem.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return problem;
    }

    /** 503 with Retry-After: an outage the client may wait out. */
    public static ErrorResponseException unavailable(String detail) {
        ErrorResponseException problem = problem(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        return problem;
    }

    public static ErrorResponseException unexpected() {
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Unexpected error; it has been logged.");
    }

    /** A request the servlet container refused before any servlet ran, with the status it chose. */
    public static ErrorResponseException refusedByContainer(int status) {
        return problem(HttpStatusCode.valueOf(status), "The request could not be processed.");
    }

    /** Titled by the status's reason phrase unless the problem names its own title. */
    private static ErrorResponseException problem(HttpStatusCode status, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(ABOUT_BLANK);
        return new ErrorResponseException(status, body, null);
    }
}
