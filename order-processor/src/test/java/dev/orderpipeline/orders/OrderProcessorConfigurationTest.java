package dev.orderpipeline.orders;

import java.util.Map;

import dev.orderpipeline.runtime.WorkerEnvironment;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.ConfigurableEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** The order processor starts with the shared worker settings and its own, and its deployment may override any. */
class OrderProcessorConfigurationTest {

    @Test
    void itRunsWithTheSharedWorkerSettingsAndItsOwn() {
        ConfigurableEnvironment environment = WorkerEnvironment.of(OrderProcessorApplication.class);

        Map<String, String> expected = WorkerEnvironment.expected("order-processor", 8081);
        assertThat(WorkerEnvironment.effective(environment, expected.keySet())).isEqualTo(expected);
        assertThat(environment.getProperty("orders.pending-timeout")).isEqualTo("2m");
    }

    @Test
    void itsDeploymentOverridesThem() {
        ConfigurableEnvironment environment = WorkerEnvironment.of(OrderProcessorApplication.class,
                "--spring.kafka.bootstrap-servers=kafka:9093", "--spring.kafka.consumer.max-poll-records=50",
                "--management.tracing.sampling.probability=1.0", "--orders.pending-timeout=PT30S");

        assertThat(environment.getProperty("spring.kafka.bootstrap-servers")).isEqualTo("kafka:9093");
        assertThat(environment.getProperty("spring.kafka.consumer.max-poll-records")).isEqualTo("50");
        assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("1.0");
        assertThat(environment.getProperty("orders.pending-timeout")).isEqualTo("PT30S");
        assertThat(environment.getProperty("spring.kafka.consumer.group-id")).isEqualTo("order-processor");
    }
}
