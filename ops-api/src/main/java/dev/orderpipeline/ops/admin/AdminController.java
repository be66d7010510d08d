package dev.orderpipeline.ops.admin;

import dev.orderpipeline.events.ProductUpserted;
import dev.orderpipeline.events.Skus;
import dev.orderpipeline.events.StockAdjusted;
import dev.orderpipeline.web.ProblemResponses;
import dev.orderpipeline.web.Problems;
import dev.orderpipeline.web.EventPublisher;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Catalog and stock changes, published on {@code catalog.v1} for the inventory worker to apply. */
@Tag(name = "Admin")
@SecurityRequirement(name = "adminToken")
@ApiResponse(responseCode = "401", ref = ProblemResponses.UNAUTHORIZED)
@RestController
@RequestMapping(path = "/api/admin", consumes = MediaType.APPLICATION_JSON_VALUE,
        produces = MediaType.APPLICATION_JSON_VALUE)
class AdminController {

    record ProductForm(
            @NotBlank @Size(max = 200) String name,
            @Size(max = 4000) String description,
            @NotNull @Min(0) @Max(100_000_000) Long priceCents,
            @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency) {
    }

    record AdjustmentForm(
            @NotNull @Min(-1_000_000) @Max(1_000_000) Integer delta,
            @NotBlank @Size(max = 200) String reason) {
    }

    record ProductAccepted(String sku) {
    }

    record AdjustmentAccepted(String sku, int delta) {
    }

    private final EventPublisher events;
    private final StockLevels stock;

    AdminController(EventPublisher events, StockLevels stock) {
        this.events = events;
        this.stock = stock;
    }

    @Operation(operationId = "upsertProduct",
            summary = "Create or update a product", description = "Published on catalog.v1; the inventory worker"
            + " applies it.")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PutMapping("/products/{sku}")
    ResponseEntity<ProductAccepted> upsertProduct(@PathVariable String sku, @Valid @RequestBody ProductForm form) {
        if (!Skus.isValid(sku)) {
            throw Problems.invalid("sku", "1 to 40 of A-Z, 0-9, '-' and '_', starting with a letter or digit");
        }
        events.publish(new ProductUpserted(sku, form.name(), form.description(), form.priceCents(), form.currency()),
                sku);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ProductAccepted(sku));
    }

    @Operation(operationId = "adjustStock",
            summary = "Add delta (may be negative, never below what is held) to the stock of sku")
    @ApiResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PostMapping("/inventory/{sku}/adjustments")
    ResponseEntity<AdjustmentAccepted> adjustStock(@PathVariable String sku, @Valid @RequestBody AdjustmentForm form) {
        if (form.delta() == 0) {
            throw Problems.invalid("delta", "must not be 0");
        }
        long available = stock.available(sku).orElseThrow(() -> Problems.notFound("unknown sku " + sku));
        if (form.delta() < 0 && available + form.delta() < 0) {
            throw Problems.conflict("only " + available + " units of " + sku
                    + " are available; held units cannot be removed");
        }
        events.publish(new StockAdjusted(sku, form.delta(), form.reason()), sku);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new AdjustmentAccepted(sku, form.delta()));
    }
}
