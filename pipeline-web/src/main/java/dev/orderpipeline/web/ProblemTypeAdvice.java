package dev.orderpipeline.web;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Every problem names its {@code type}; RFC 9457's default is {@code about:blank}, written out. And
 * only problems are {@code application/problem+json}: a client that accepts nothing else still gets
 * other answers labelled {@code application/json} (Jackson would otherwise write them under the
 * problem's media type, which it also serves).
 */
@ControllerAdvice
class ProblemTypeAdvice implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem) {
            if (problem.getType() == null) {
                problem.setType(Problems.ABOUT_BLANK);
            }
        } else if (MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(contentType)) {
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        }
        return body;
    }
}
