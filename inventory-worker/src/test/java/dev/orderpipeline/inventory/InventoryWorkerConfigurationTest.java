package dev.orderpipeline.inventory;

import java.util.Map;

import dev.orderpipeline.runtime.WorkerEnvironment;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.ConfigurableEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** The inventory worker starts with the shared worker settings and its own name, group and port. */
class InventoryWorkerConfigurationTest {

    @Test
    void itRunsWithTheSharedWorkerSettingsAndItsOwn() {
        ConfigurableEnvironment environment = WorkerEnvironment.of(InventoryWorkerApplication.class,
                "--spring.mongodb.uri=mongodb://mongodb:27017/?replicaSet=rs0");

        Map<String, String> expected = WorkerEnvironment.expected("inventory-worker", 8082);
        expected.put("spring.mongodb.uri", "mongodb://mongodb:27017/?replicaSet=rs0");
        assertThat(WorkerEnvironment.effective(environment, expected.keySet())).isEqualTo(expected);
        assertThat(environment.getProperty("orders.pending-timeout")).isNull();
    }
}
