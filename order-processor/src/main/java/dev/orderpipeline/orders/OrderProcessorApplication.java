package dev.orderpipeline.orders;

import dev.orderpipeline.orders.order.PendingOrders;
import dev.orderpipeline.runtime.PipelineWorker;
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

    public static void main(String[] args) {
        SpringApplication.run(OrderProcessorApplication.class, args);
    }
}
