package dev.orderpipeline.ops.lag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.orderpipeline.lag.LagMonitor;
import dev.orderpipeline.lag.LagSnapshot;
import dev.orderpipeline.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/ops/lag}: the pipeline's consumer groups as the lag monitor saw them at its latest
 * poll. The fields of docs/api.md, plus {@code status} per partition, the group's {@code state}
 * and {@code members}, and {@code observedAt} (null until the first poll answered).
 */
@Tag(name = "Operations")
@RestController
class LagController {

    record PartitionView(String topic, int partition, long committedOffset, long endOffset, long lag, double lagSeconds,
                         @Schema(allowableValues = {"OK", "WARN", "STALL", "STOP"}) String status) {
    }

    record GroupView(String group, @Schema(allowableValues = {"OK", "WARN", "STALL", "STOP"}) String status,
                     long lagMessages, double lagSeconds, String state, int members,
                     List<PartitionView> partitions) {
    }

    record LagView(@Schema(types = {"string", "null"}, format = "date-time", description = "null before the first poll")
                   Instant observedAt, List<GroupView> groups) {
    }

    private final ObjectProvider<LagMonitor> monitor;
    private final LagProperties properties;

    LagController(ObjectProvider<LagMonitor> monitor, LagProperties properties) {
        this.monitor = monitor;
        this.properties = properties;
    }

    @Operation(operationId = "getConsumerLag",
            summary = "Consumer lag of the pipeline's consumer groups", description = "As the lag monitor saw it at"
            + " its latest poll of Kafka (observedAt, null before the first). status is OK, WARN, STALL or STOP.")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "200", description = "the lag per group and partition", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "401", ref = ProblemResponses.UNAUTHORIZED)
    @GetMapping("/api/ops/lag")
    ResponseEntity<LagView> lag() {
        LagMonitor m = monitor.getIfAvailable();
        LagSnapshot snapshot = m == null ? LagSnapshot.EMPTY : m.snapshot();
        List<GroupView> groups = new ArrayList<>();
        for (String name : properties.groups()) {
            Optional<LagSnapshot.GroupLag> seen = snapshot.group(name);
            groups.add(seen.map(LagController::view).orElseGet(() ->
                    new GroupView(name, "OK", 0, 0, "UNKNOWN", 0, List.of())));
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new LagView(snapshot.observedAt(), groups));
    }

    private static GroupView view(LagSnapshot.GroupLag g) {
        return new GroupView(g.group(), g.status().name(), g.lagMessages(), round(g.lagSeconds()), g.state(), g.members(),
                g.partitions().stream().map(p -> new PartitionView(p.topic(), p.partition(), p.committedOffset(),
                        p.endOffset(), p.lag(), round(p.lagSeconds()), p.status().name())).toList());
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
