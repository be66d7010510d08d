package dev.orderpipeline.inventory;

import dev.orderpipeline.inventory.catalog.CatalogStore;
import dev.orderpipeline.inventory.catalog.StarterCatalog;
import dev.orderpipeline.inventory.reservation.StockStore;
import dev.orderpipeline.runtime.MongoAtStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Gives a new installation something to sell: on start, adds the starter products that are
 * missing, with their first stock. Safe to run on every start and from several replicas at once.
 */
@Component
@ConditionalOnProperty(name = "inventory.seed-starter-catalog", havingValue = "true", matchIfMissing = true)
class StarterCatalogSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(StarterCatalogSeeder.class);

    private final CatalogStore catalog;
    private final StockStore stock;

    StarterCatalogSeeder(CatalogStore catalog, StockStore stock) {
        this.catalog = catalog;
        this.stock = stock;
    }

    @Override
    public void run(ApplicationArguments args) {
        MongoAtStart.run("adding the starter catalog", this::seed);
        log.info("Starter catalog present: {} products in the catalog", catalog.count());
    }

    private void seed() {
        for (StarterCatalog.Item item : StarterCatalog.ITEMS) {
            catalog.seed(item.product());
            stock.createIfAbsent(item.product().sku(), item.units());
        }
    }
}
