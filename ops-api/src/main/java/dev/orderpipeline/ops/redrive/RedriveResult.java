package dev.orderpipeline.ops.redrive;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a redrive did. {@code redriven}: sent back to their original topic now (with
 * {@code redrivenTo}); {@code alreadyRedriven}: selected but re-driven before (with the earlier
 * {@code redrivenTo}), sent nothing; {@code skipped}: not re-drivable (no original topic, or one
 * that is not an input of the pipeline), with the reason; {@code notFound}: event ids asked for that
 * are not in the topic.
 */
record RedriveResult(String topic, boolean dryRun, List<Entry> redriven, List<Entry> alreadyRedriven,
                     List<Entry> skipped, List<UUID> notFound) {

    /**
     * One dead letter: where it is, where it came from, what it is and why it was dead-lettered.
     *
     * @param redrivenTo {@code <topic>-<partition>@<offset>} of the copy sent back, or the reason it was skipped
     */
    record Entry(int partition, long offset,
                 @Schema(types = {"string", "null"}) String originalTopic,
                 @Schema(types = {"integer", "null"}, format = "int32") Integer originalPartition,
                 @Schema(types = {"integer", "null"}, format = "int64") Long originalOffset,
                 @Schema(types = {"string", "null"}) String key,
                 @Schema(types = {"string", "null"}, description = "null for a record that is not an event")
                 String eventId,
                 @Schema(types = {"string", "null"}) String type,
                 @Schema(types = {"string", "null"}) String error,
                 @Schema(types = {"string", "null"}, description = "null in a dry run") String redrivenTo) {

        Entry with(String redrivenTo) {
            return new Entry(partition, offset, originalTopic, originalPartition, originalOffset, key, eventId, type,
                    error, redrivenTo);
        }
    }
}
