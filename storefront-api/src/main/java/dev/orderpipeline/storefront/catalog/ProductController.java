package dev.orderpipeline.storefront.catalog;

import java.util.List;

import dev.orderpipeline.storefront.apidocs.ProblemResponses;
import dev.orderpipeline.storefront.problem.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Catalog")
@RestController
@RequestMapping("/api/products")
class ProductController {

    private final CatalogReader catalog;

    ProductController(CatalogReader catalog) {
        this.catalog = catalog;
    }

    @Operation(summary = "The catalog, sorted by sku", description = "available is stock that can still be reserved"
            + " (stocked minus held minus sold).")
    @GetMapping
    List<ProductView> products() {
        return catalog.all();
    }

    @Operation(summary = "One product")
    @ApiResponse(responseCode = "200", description = "the product", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @GetMapping("/{sku}")
    ProductView product(@PathVariable String sku) {
        return catalog.find(sku).orElseThrow(() -> Problems.notFound("unknown sku " + sku));
    }
}
