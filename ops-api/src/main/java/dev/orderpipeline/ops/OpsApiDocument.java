package dev.orderpipeline.ops;

import dev.orderpipeline.web.ApiDocumentation;
import io.swagger.v3.oas.models.OpenAPI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document of ops-api ({@code /v3/api-docs}, committed as docs/ops-openapi.json). */
@Configuration(proxyBeanMethods = false)
class OpsApiDocument {

    @Bean
    OpenAPI opsOpenApi() {
        return ApiDocumentation.withAdminToken(ApiDocumentation.document("order-pipeline operators' API", "3",
                "The REST contract of ops-api (docs/api.md, Operations): product and stock changes, the dead-letter"
                        + " redrive and the consumer lag, every call behind the operators' token. Internal only."
                        + " Every error is application/problem+json (RFC 9457); unknown JSON fields are ignored and"
                        + " no value is coerced from another JSON type.",
                "the operators' service serving this document"), "the OPS_ADMIN_TOKEN of ops-api");
    }
}
