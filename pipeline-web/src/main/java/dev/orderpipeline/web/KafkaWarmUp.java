package dev.orderpipeline.web;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Before a service reports ready, it fetches the metadata of the topics it publishes to, so the
 * first requests do not pay for it, and a service that cannot reach Kafka never takes traffic. Each
 * service makes its own with its topics.
 */
public class KafkaWarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(KafkaWarmUp.class);

    private final KafkaTemplate<String, Object> kafka;
    private final List<String> topics;

    public KafkaWarmUp(KafkaTemplate<String, Object> kafka, List<String> topics) {
        this.kafka = kafka;
        this.topics = List.copyOf(topics);
    }

    @Override
    public void run(ApplicationArguments args) {
        for (String topic : topics) {
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
