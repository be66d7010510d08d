package dev.orderpipeline.storefront.redrive;

import java.util.List;
import java.util.UUID;

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
    record Entry(int partition, long offset, String originalTopic, Integer originalPartition, Long originalOffset,
                 String key, String eventId, String type, String error, String redrivenTo) {

        Entry with(String redrivenTo) {
            return new Entry(partition, offset, originalTopic, originalPartition, originalOffset, key, eventId, type,
                    error, redrivenTo);
        }
    }
}
