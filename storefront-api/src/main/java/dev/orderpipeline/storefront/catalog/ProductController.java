package dev.orderpipeline.storefront.catalog;

import dev.orderpipeline.web.ProblemResponses;
import dev.orderpipeline.web.Problems;
import dev.orderpipeline.storefront.web.RawJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Answered from {@link CatalogView}: JSON serialised once per change of the catalog, no query per request. */
@Tag(name = "Catalog")
@RestController
@RequestMapping("/api/products")
class ProductController {

    private final CatalogView catalog;

    ProductController(CatalogView catalog) {
        this.catalog = catalog;
    }

    @Operation(operationId = "listProducts",
            summary = "The catalog, sorted by sku", description = "available is stock that can still be reserved"
            + " (stocked minus held minus sold).")
    @ApiResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json",
            array = @ArraySchema(schema = @Schema(implementation = ProductView.class))))
    @GetMapping
    RawJson products() {
        return catalog.all();
    }

    @Operation(operationId = "getProduct", summary = "One product")
    @ApiResponse(responseCode = "200", description = "the product", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = ProductView.class)))
    @ApiResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @GetMapping("/{sku}")
    RawJson product(@PathVariable String sku) {
        return catalog.product(sku).orElseThrow(() -> Problems.notFound("unknown sku " + sku));
    }
}
