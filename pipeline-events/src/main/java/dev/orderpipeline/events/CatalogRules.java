package dev.orderpipeline.events;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which SKUs a catalog knows: the one rule behind the storefront's fast refusal of an item (404), the
 * checkout's pricing and the inventory's reservation (both {@link Reason.Code#UNKNOWN_PRODUCT}). Each
 * asks its own catalog (what it keeps in memory, the prices read, the stock read); a SKU of the wrong
 * shape is known to none.
 */
public final class CatalogRules {

    private CatalogRules() {
    }

    /** Whether {@code sku} is a SKU and {@code catalog} has it (asked only for a well-formed SKU). */
    public static boolean isKnown(String sku, Predicate<String> catalog) {
        return Skus.isValid(sku) && catalog.test(sku);
    }

    /** The SKUs of {@code skus} that {@code catalog} does not know, in the order given. */
    public static List<String> unknown(Collection<String> skus, Predicate<String> catalog) {
        return skus.stream().filter(sku -> !isKnown(sku, catalog)).toList();
    }

    /** {@link Reason.Code#UNKNOWN_PRODUCT} for the SKUs of {@code skus} that {@code catalog} does not know, if any. */
    public static Optional<Reason> unknownProducts(Collection<String> skus, Predicate<String> catalog) {
        List<String> unknown = unknown(skus, catalog);
        return unknown.isEmpty() ? Optional.empty() : Optional.of(Reason.of(Reason.Code.UNKNOWN_PRODUCT, unknown));
    }
}
