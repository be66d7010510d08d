package dev.orderpipeline.storefront.publishing;

import java.util.List;

import dev.orderpipeline.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Before the storefront reports ready, it fetches the metadata of the topics it publishes to, so
 * the first requests do not pay for it, and a storefront that cannot reach Kafka never takes traffic.
 */
@Component
class KafkaWarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(KafkaWarmUp.class);

    private final KafkaTemplate<String, Object> kafka;

    KafkaWarmUp(KafkaTemplate<String, Object> kafka) {
        this.kafka = kafka;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (String topic : List.of(Topics.CARTS, Topics.CATALOG)) {
            while (true) {
                try {
                    log.info("Topic {} has {} partitions", topic, kafka.partitionsFor(topic).size());
                    break;
                } catch (RuntimeException e) {
                    log.warn("Kafka not reachable yet for topic {} ({}); not ready, retrying", topic, e.toString());
                }
            }
        }
    }
}
