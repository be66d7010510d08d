package dev.orderpipeline.ops;

import dev.orderpipeline.testkit.spring.PipelineServiceConnections;
import dev.orderpipeline.web.OpenApiDocumentCheck;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The OpenAPI document ops-api serves at {@code /v3/api-docs} is the committed
 * {@code docs/ops-openapi.json}, and it documents the operators' calls of docs/api.md (those under
 * {@code /api/admin} and {@code /api/ops}), every status code and problem, and no other call.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "ops.admin-token=test-token")
@Import(PipelineServiceConnections.class)
class OpenApiDocumentTest extends OpenApiDocumentCheck {

    OpenApiDocumentTest() {
        super("ops-api", OPERATORS_PATH, "/paths/~1api~1ops~1lag/get/responses/200");
    }
}
