package dev.orderpipeline.runtime.restore;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;

/** A worker that declares {@link RestoreSettings} writes restore points and replays after a restore. */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnBean(RestoreSettings.class)
@EnableConfigurationProperties(RestoreProperties.class)
public class RestoreAutoConfiguration {

    @Bean(destroyMethod = "close")
    Admin restorePointsAdmin(KafkaAdmin kafkaAdmin) {
        Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "restore-points");
        return Admin.create(config);
    }

    @Bean
    RestorePoints restorePoints(RestoreSettings settings, Admin restorePointsAdmin, RestoreProperties properties,
                                @Value("${spring.application.name}") String group) {
        return new RestorePoints(settings.database(), restorePointsAdmin, group, settings.output(),
                properties.pointInterval(), Clock.systemUTC(), !properties.replay());
    }

    /** Built before the listener containers start, so the pins are read before the first batch. */
    @Bean
    RestoreReplay restoreReplay(RestoreSettings settings, RestorePoints points, RestoreProperties properties,
                                ConsumerFactory<?, ?> consumers) {
        if (!properties.replay()) {
            return RestoreReplay.off();
        }
        RestorePoint point = points.stored().orElseThrow(() -> new IllegalStateException(
                "pipeline.restore.replay is set, but the database holds no restore point of this worker:"
                        + " the backup was taken before the worker wrote one, or the wrong database was restored"));
        return RestoreReplay.from(point, consumers.getConfigurationProperties(), settings.decidedOrder());
    }
}
