package dev.orderpipeline.storefront.following;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/** One {@link TopicFollower} per topic that a {@link TopicListener} of the storefront follows. */
@Component
class TopicFollowers implements SmartLifecycle {

    private final List<TopicFollower> followers;
    private volatile boolean running;

    @SuppressWarnings("unchecked")
    TopicFollowers(ConsumerFactory<?, ?> consumers, List<TopicListener> listeners) {
        // String keys, byte[] values: the pipeline's consumer defaults
        ConsumerFactory<String, byte[]> typed = (ConsumerFactory<String, byte[]>) consumers;
        Map<String, List<TopicListener>> byTopic = listeners.stream()
                .collect(Collectors.groupingBy(TopicListener::topic));
        this.followers = byTopic.entrySet().stream()
                .map(topic -> new TopicFollower(typed, topic.getKey(), topic.getValue())).toList();
    }

    @Override
    public void start() {
        followers.forEach(TopicFollower::start);
        running = true;
    }

    @Override
    public void stop() {
        followers.forEach(TopicFollower::stop);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
