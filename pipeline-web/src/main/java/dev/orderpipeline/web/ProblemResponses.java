package dev.orderpipeline.web;

/**
 * Names of the problem+json answers in the OpenAPI document's components, for the controllers'
 * {@code @ApiResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)}.
 */
public final class ProblemResponses {

    public static final String BAD_REQUEST = "BadRequest";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String NOT_FOUND = "NotFound";
    public static final String NOT_ACCEPTABLE = "NotAcceptable";
    public static final String CONFLICT = "Conflict";
    public static final String CONTENT_TOO_LARGE = "ContentTooLarge";
    public static final String UNSUPPORTED_MEDIA_TYPE = "UnsupportedMediaType";
    public static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";

    private ProblemResponses() {
    }
}
