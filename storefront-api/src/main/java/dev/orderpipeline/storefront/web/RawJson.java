package dev.orderpipeline.storefront.web;

import com.fasterxml.jackson.annotation.JsonValue;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JSON answer serialised once and written as it is, many times ({@link RawJsonConverter}). It keeps
 * the value too, so a client that asks for another representation the storefront serves (YAML, say)
 * gets that value written as before: content negotiation answers as if the value were returned.
 */
public record RawJson(byte[] bytes, @JsonValue Object value) {

    public static RawJson of(JsonMapper json, Object value) {
        return new RawJson(json.writeValueAsBytes(value), value);
    }
}
