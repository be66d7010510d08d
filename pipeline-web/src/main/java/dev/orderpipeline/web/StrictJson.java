package dev.orderpipeline.web;

import java.util.List;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;

/**
 * Request bodies have the JSON types the contract names, with no coercion: {@code 1.5}, {@code "2"}
 * or {@code true} is not a quantity, {@code 12} is not a sku. One setting of the JSON mapper for every
 * body; the refusal is a 400 naming the field ({@code ProblemHandler}).
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

    @Bean
    JsonMapperBuilderCustomizer noScalarCoercion() {
        return builder -> builder.withCoercionConfigDefaults(config -> List.of(CoercionInputShape.Integer,
                        CoercionInputShape.Float, CoercionInputShape.Boolean, CoercionInputShape.String)
                .forEach(shape -> config.setCoercion(shape, CoercionAction.Fail)));
    }
}
