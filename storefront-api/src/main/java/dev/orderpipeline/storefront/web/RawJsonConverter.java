package dev.orderpipeline.storefront.web;

import java.io.IOException;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;

/**
 * Writes {@link RawJson}'s bytes under the media types the JSON mapper writes ({@code application/json},
 * {@code application/*+json}); Spring Boot puts a converter bean before its own, and the JSON and YAML
 * mappers' converters write the value the {@code RawJson} holds for any other type they serve, so
 * content negotiation answers as it would for the value itself.
 */
@Component
class RawJsonConverter extends AbstractHttpMessageConverter<RawJson> {

    RawJsonConverter() {
        super(MediaType.APPLICATION_JSON, new MediaType("application", "*+json"));
    }

    @Override
    protected boolean supports(Class<?> type) {
        return RawJson.class == type;
    }

    @Override
    protected boolean canRead(MediaType mediaType) {
        return false;
    }

    @Override
    protected RawJson readInternal(Class<? extends RawJson> type, HttpInputMessage input) {
        throw new HttpMessageNotReadableException("RawJson is written only", input);
    }

    @Override
    protected Long getContentLength(RawJson json, MediaType contentType) {
        return (long) json.bytes().length;
    }

    @Override
    protected void writeInternal(RawJson json, HttpOutputMessage output) throws IOException {
        output.getBody().write(json.bytes());
    }
}
