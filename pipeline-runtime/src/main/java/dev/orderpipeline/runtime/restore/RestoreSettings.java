package dev.orderpipeline.runtime.restore;

import java.util.UUID;
import java.util.function.Function;

import dev.orderpipeline.events.PipelineEvent;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * What a worker declares (as a bean) to be restorable: the database its restore point is kept in,
 * the topic it publishes its decisions to, and which order an event of that topic decides.
 */
public record RestoreSettings(MongoTemplate database, String output, Function<PipelineEvent, UUID> decidedOrder) {
}
