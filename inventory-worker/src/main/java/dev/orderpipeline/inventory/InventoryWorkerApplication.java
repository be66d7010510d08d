package dev.orderpipeline.inventory;

import dev.orderpipeline.runtime.PipelineWorker;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
@PipelineWorker
public class InventoryWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(InventoryWorkerApplication.class, args);
    }
}
