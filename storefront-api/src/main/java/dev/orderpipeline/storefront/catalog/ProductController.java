package dev.orderpipeline.storefront.catalog;

import java.util.List;

import dev.orderpipeline.storefront.web.ApiProblem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/products")
class ProductController {

    private final CatalogReader catalog;

    ProductController(CatalogReader catalog) {
        this.catalog = catalog;
    }

    @GetMapping
    List<ProductView> products() {
        return catalog.all();
    }

    @GetMapping("/{sku}")
    ProductView product(@PathVariable String sku) {
        return catalog.find(sku).orElseThrow(() -> ApiProblem.notFound("unknown sku " + sku));
    }
}
