package dev.orderpipeline.storefront.ops;

import java.time.Duration;

import dev.orderpipeline.lag.LagMetrics;
import dev.orderpipeline.lag.LagMonitor;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Starts the consumer lag monitor with the storefront's Admin client and publishes its gauges. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "storefront.lag.enabled", matchIfMissing = true)
class LagConfiguration {

    @Bean(destroyMethod = "close")
    LagMonitor lagMonitor(Admin kafkaAdminClient, LagProperties properties, MeterRegistry registry) {
        LagMonitor monitor = new LagMonitor(kafkaAdminClient, new LagMonitor.Settings(properties.groups(),
                properties.pollInterval(), properties.window(), properties.tableCapacity(), Duration.ofSeconds(5)));
        LagMetrics metrics = new LagMetrics(registry);
        monitor.addListener(metrics::update);
        return monitor.start();
    }
}
