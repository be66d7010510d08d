package dev.orderpipeline.ops.redrive;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Which dead letters to re-drive: those of {@code topic} (a {@code .dlt} topic) on {@code partition}
 * from {@code fromOffset} to {@code toOffset} (both included; unset: from the beginning, to the
 * current end), or those whose event id is one of {@code eventIds} (on any partition), or both
 * conditions together. {@code dryRun} lists what would be re-driven and sends nothing.
 */
record RedriveRequest(
        @NotBlank String topic,
        @Min(0) Integer partition,
        @Min(0) Long fromOffset,
        @Min(0) Long toOffset,
        @Size(max = 1000) List<UUID> eventIds,
        Boolean dryRun) {

    boolean byEventIds() {
        return eventIds != null && !eventIds.isEmpty();
    }

    boolean isDryRun() {
        return Boolean.TRUE.equals(dryRun);
    }
}
