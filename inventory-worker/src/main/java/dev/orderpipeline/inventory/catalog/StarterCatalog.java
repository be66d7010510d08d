package dev.orderpipeline.inventory.catalog;

import java.util.List;

import dev.orderpipeline.events.ProductUpserted;

/** What a new installation has to sell: the starter products, each with its first stock. */
public final class StarterCatalog {

    public record Item(ProductUpserted product, int units) {
    }

    public static final List<Item> ITEMS = List.of(
            item("COFFEE-BEANS-1KG", "Coffee beans, 1 kg", "Medium roast, whole beans.", 1890, 120),
            item("FRENCH-PRESS", "French press", "Borosilicate glass, 1 litre.", 3490, 40),
            item("GRINDER-HAND", "Hand grinder", "Ceramic burrs, adjustable.", 4590, 25),
            item("KETTLE-GOOSENECK", "Gooseneck kettle", "Pour-over kettle, 0.9 litre.", 5290, 30),
            item("MUG-STONEWARE", "Stoneware mug", "Hand-glazed, 350 ml.", 1450, 200),
            item("FILTER-PAPERS-100", "Filter papers (100)", "Unbleached, size 02.", 590, 500),
            item("DRIPPER-V60", "Ceramic dripper", "Cone dripper, size 02.", 2490, 60),
            item("SCALE-TIMER", "Scale with timer", "0.1 g resolution.", 3990, 35),
            item("TEA-SENCHA-100G", "Sencha green tea, 100 g", "Loose leaf, first flush.", 1290, 150),
            item("TEAPOT-CAST-IRON", "Cast-iron teapot", "0.8 litre, with infuser.", 6490, 15),
            item("CANISTER-STEEL", "Airtight canister", "Stainless steel, 500 g.", 2190, 80),
            item("TOTE-CANVAS", "Canvas tote", "Organic cotton.", 1590, 300),
            item("ESPRESSO-CUPS-2", "Espresso cups (2)", "Double-walled glass, 80 ml.", 1990, 90),
            item("MILK-FROTHER", "Milk frother", "Hand-held, battery powered.", 1790, 5));

    private StarterCatalog() {
    }

    private static Item item(String sku, String name, String description, long priceCents, int units) {
        return new Item(new ProductUpserted(sku, name, description, priceCents, "EUR"), units);
    }
}
