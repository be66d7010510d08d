package dev.orderpipeline.orders;

import dev.orderpipeline.events.OrderCancelled;
import dev.orderpipeline.events.OrderConfirmed;
import dev.orderpipeline.events.OrderRejected;
import dev.orderpipeline.events.Topics;
import dev.orderpipeline.orders.order.PendingOrders;
import dev.orderpipeline.runtime.MongoDatabases;
import dev.orderpipeline.runtime.PipelineWorker;
import dev.orderpipeline.runtime.restore.RestoreSettings;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@PipelineWorker
@ConfigurationPropertiesScan
@EnableScheduling
public class OrderProcessorApplication {

    /** Also the listeners' rebalance listener (Spring Boot gives it to the container factory). */
    @Bean
    PendingOrders pendingOrders(OrderProperties properties) {
        return new PendingOrders(properties.pendingTimeout());
    }

    /** Restore points kept in {@code orders}; after a restore, the decisions on orders.v1 are pinned. */
    @Bean
    RestoreSettings restoreSettings(MongoDatabases mongo) {
        return new RestoreSettings(mongo.orders(), Topics.ORDERS, event -> switch (event) {
            case OrderConfirmed confirmed -> confirmed.orderId();
            case OrderRejected rejected -> rejected.orderId();
            case OrderCancelled cancelled -> cancelled.orderId();
            default -> null;
        });
    }

    public static void main(String[] args) {
        SpringApplication.run(OrderProcessorApplication.class, args);
    }
}
