package dev.orderpipeline.testkit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.orderpipeline.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the pipeline's topics with the settings of {@link Topics}; existing topics are left alone. */
public final class PipelineTopics {

    private PipelineTopics() {
    }

    public static void create(Admin admin, short replicationFactor) {
        create(admin, replicationFactor, 0);
    }

    /** @param eventPartitions partitions of the event topics, 0 for {@link Topics#PARTITIONS} */
    public static void create(Admin admin, short replicationFactor, int eventPartitions) {
        List<NewTopic> topics = Topics.ALL.stream()
                .map(spec -> new NewTopic(spec.name(), partitions(spec, eventPartitions), replicationFactor)
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(spec.retention().toMillis()))))
                .toList();
        admin.createTopics(topics).values().forEach((name, result) -> {
            try {
                result.get(2, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + name, e.getCause());
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot create topic " + name, e);
            }
        });
    }

    private static int partitions(Topics.TopicSpec spec, int eventPartitions) {
        return eventPartitions > 0 && spec.partitions() == Topics.PARTITIONS ? eventPartitions : spec.partitions();
    }
}
