package dev.orderpipeline.storefront.web;

/**
 * A JSON answer serialised once and written as it is, many times ({@link RawJsonConverter}); negotiated
 * like any JSON body, so an answer is the same as if the value it holds were returned.
 */
public record RawJson(byte[] bytes) {
}
