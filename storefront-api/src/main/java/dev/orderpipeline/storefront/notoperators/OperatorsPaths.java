package dev.orderpipeline.storefront.notoperators;

import dev.orderpipeline.web.Problems;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' calls ({@code /api/admin/**}, {@code /api/ops/**}) and page ({@code /ops/**}) are
 * ops-api's: here every method of them answers 404 problem+json, as an unknown path does (without
 * this, a write to such a path would be a 405 of the static files' handler, telling that it exists).
 */
@Hidden
@RestController
class OperatorsPaths {

    @RequestMapping({"/api/admin", "/api/admin/**", "/api/ops", "/api/ops/**", "/ops/**"})
    void notHere() {
        throw Problems.notFound("No such resource.");
    }
}
