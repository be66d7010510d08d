package dev.orderpipeline.ops.lag;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.orderpipeline.lag.LagMetrics;
import dev.orderpipeline.lag.LagMonitor;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** Starts the consumer lag monitor, with an Admin client of its own, and publishes its gauges. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "ops.lag.enabled", matchIfMissing = true)
class LagConfiguration {

    @Bean(destroyMethod = "close")
    LagMonitor lagMonitor(KafkaAdmin kafkaAdmin, LagProperties properties, MeterRegistry registry) {
        Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "ops-lag-monitor");
        Admin admin = Admin.create(config);
        LagMonitor monitor = new LagMonitor(admin, new LagMonitor.Settings(properties.groups(),
                properties.pollInterval(), properties.window(), properties.tableCapacity(), Duration.ofSeconds(5)),
                Clock.systemUTC(), admin);
        monitor.addListener(new LagMetrics(registry)::update);
        return monitor.start();
    }
}
