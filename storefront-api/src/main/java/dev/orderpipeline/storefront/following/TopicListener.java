package dev.orderpipeline.storefront.following;

import java.time.Duration;
import java.util.List;

/**
 * A feature that keeps something in memory from a topic's events. Every storefront instance reads
 * the topic itself ({@link TopicFollower}), so what it keeps needs no MongoDB read.
 */
public interface TopicListener {

    String topic();

    /** How far back to read when the storefront starts; zero: from the topic's end. */
    default Duration lookBack() {
        return Duration.ZERO;
    }

    /** The events of one poll, in partition order per key; called on the follower's one thread. */
    void onEvents(List<FollowedEvent> events);
}
