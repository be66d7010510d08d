package dev.orderpipeline.ops.lag;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The consumer lag monitor ({@code ops.lag.*}; environment {@code OPS_LAG_*}).
 *
 * @param enabled       whether the service watches the groups at all
 * @param groups        the consumer groups to watch
 * @param pollInterval  how often Kafka is asked
 * @param window        the status window: WARN, STALL and STOP are judged over this much history
 * @param tableCapacity offset/time points kept per partition for the lag in seconds (capacity x poll
 *                      interval is how far back the table reaches before it extrapolates)
 */
@ConfigurationProperties("ops.lag")
public record LagProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue({"order-processor", "inventory-worker"}) List<String> groups,
        @DefaultValue("3s") Duration pollInterval,
        @DefaultValue("60s") Duration window,
        @DefaultValue("200") int tableCapacity) {
}
