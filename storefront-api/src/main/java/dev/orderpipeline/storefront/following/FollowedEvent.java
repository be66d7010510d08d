package dev.orderpipeline.storefront.following;

import dev.orderpipeline.events.EventEnvelope;

/**
 * A record of a followed topic: its key, and its event, or null when the record is not an event this
 * storefront can read (a newer schema, say): its key still says what changed.
 */
public record FollowedEvent(String key, EventEnvelope event) {
}
