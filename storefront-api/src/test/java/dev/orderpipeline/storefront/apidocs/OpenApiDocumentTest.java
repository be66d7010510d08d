package dev.orderpipeline.storefront.apidocs;

import dev.orderpipeline.testkit.spring.PipelineServiceConnections;
import dev.orderpipeline.web.OpenApiDocumentCheck;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The OpenAPI document the storefront serves at {@code /v3/api-docs} is the committed
 * {@code docs/openapi.json}, and it documents every call, status code and problem of docs/api.md
 * but the operators' (ops-api's). The storefront starts as in {@code StorefrontPublishingTest} (same
 * configuration, same context).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(PipelineServiceConnections.class)
class OpenApiDocumentTest extends OpenApiDocumentCheck {

    OpenApiDocumentTest() {
        super("storefront-api", OPERATORS_PATH.negate(), "/paths/~1api~1products/get/responses/200");
    }
}
