package dev.orderpipeline.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A SKU is known when it is well-formed and its catalog has it; the unknown ones are named in order. */
class CatalogRulesTest {

    private static final Set<String> CATALOG = Set.of("MUG", "TEE-1");

    @Test
    void aSkuTheCatalogHasIsKnown() {
        assertThat(CatalogRules.isKnown("MUG", CATALOG::contains)).isTrue();
        assertThat(CatalogRules.isKnown("CAP", CATALOG::contains)).isFalse();
    }

    @Test
    void aMalformedSkuIsUnknownWithoutAskingTheCatalog() {
        List<String> asked = new ArrayList<>();

        assertThat(CatalogRules.isKnown("mug", sku -> asked.add(sku))).isFalse();
        assertThat(CatalogRules.isKnown(null, sku -> asked.add(sku))).isFalse();
        assertThat(asked).isEmpty();
    }

    @Test
    void theUnknownSkusAreNamedInTheOrderGiven() {
        assertThat(CatalogRules.unknown(List.of("ZIP", "MUG", "CAP"), CATALOG::contains)).containsExactly("ZIP", "CAP");
        assertThat(CatalogRules.unknownProducts(List.of("ZIP", "MUG", "CAP"), CATALOG::contains))
                .hasValue(Reason.of(Reason.Code.UNKNOWN_PRODUCT, List.of("ZIP", "CAP")));
    }

    @Test
    void skusAllKnownHaveNoReason() {
        assertThat(CatalogRules.unknownProducts(List.of("TEE-1", "MUG"), CATALOG::contains)).isEmpty();
        assertThat(CatalogRules.unknownProducts(List.of(), CATALOG::contains)).isEmpty();
    }
}
