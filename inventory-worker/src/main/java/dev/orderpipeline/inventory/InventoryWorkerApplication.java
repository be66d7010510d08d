package dev.orderpipeline.inventory;

import dev.orderpipeline.events.StockRejected;
import dev.orderpipeline.events.StockReserved;
import dev.orderpipeline.events.Topics;
import dev.orderpipeline.runtime.MongoDatabases;
import dev.orderpipeline.runtime.restore.RestoreSettings;
import org.springframework.context.annotation.Bean;

import dev.orderpipeline.runtime.PipelineWorker;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
@PipelineWorker
public class InventoryWorkerApplication {

    /** Restore points kept in {@code inventory}; after a restore, the answers on inventory.v1 are pinned. */
    @Bean
    RestoreSettings restoreSettings(MongoDatabases mongo) {
        return new RestoreSettings(mongo.inventory(), Topics.INVENTORY, event -> switch (event) {
            case StockReserved reserved -> reserved.orderId();
            case StockRejected rejected -> rejected.orderId();
            default -> null;
        });
    }

    public static void main(String[] args) {
        SpringApplication.run(InventoryWorkerApplication.class, args);
    }
}
