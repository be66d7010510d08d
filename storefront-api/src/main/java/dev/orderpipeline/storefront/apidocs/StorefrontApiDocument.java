package dev.orderpipeline.storefront.apidocs;

import dev.orderpipeline.web.ApiDocumentation;
import io.swagger.v3.oas.models.OpenAPI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document of storefront-api ({@code /v3/api-docs}, committed as docs/openapi.json). */
@Configuration(proxyBeanMethods = false)
class StorefrontApiDocument {

    @Bean
    OpenAPI storefrontOpenApi() {
        return ApiDocumentation.document("order-pipeline storefront API", "3",
                "The public REST contract of storefront-api (docs/api.md): catalog, carts, checkout and orders."
                        + " The operators' calls are ops-api's (docs/ops-openapi.json). Money is integer cents."
                        + " Every error is application/problem+json (RFC 9457); unknown JSON fields are ignored and"
                        + " no value is coerced from another JSON type.",
                "the storefront serving this document");
    }
}
