package dev.orderpipeline.runtime.restore;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.orderpipeline.events.OrderConfirmed;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ConsumerSeekAware;

import static org.assertj.core.api.Assertions.assertThat;

/** Rewinding to the restore point: each partition once, and only backwards. */
class RestoreReplayTest {

    private static final TopicPartition CARTS_0 = new TopicPartition("storefront.carts.v1", 0);
    private static final TopicPartition CARTS_1 = new TopicPartition("storefront.carts.v1", 1);
    private static final TopicPartition CARTS_2 = new TopicPartition("storefront.carts.v1", 2);

    private final List<String> seeks = new ArrayList<>();
    private final ConsumerSeekAware.ConsumerSeekCallback callback = recordingSeeks();

    @Test
    void aPartitionPastThePointIsRewoundToItOnceOnly() {
        RestoreReplay replay = RestoreReplay.of(Map.of(CARTS_0, 10L), Map.of());

        replay.rewind(Map.of(CARTS_0, 25L), callback);
        replay.rewind(Map.of(CARTS_0, 18L), callback);

        assertThat(seeks).containsExactly("storefront.carts.v1-0@10");
    }

    @Test
    void aPartitionAtOrBeforeThePointOrWithoutOneIsLeftWhereItIs() {
        RestoreReplay replay = RestoreReplay.of(Map.of(CARTS_0, 10L, CARTS_1, 10L), Map.of());

        replay.rewind(Map.of(CARTS_0, 10L, CARTS_1, 4L, CARTS_2, 99L), callback);

        assertThat(seeks).isEmpty();
    }

    @Test
    void offRewindsNothingAndPinsNothing() {
        RestoreReplay replay = RestoreReplay.off();

        replay.rewind(Map.of(CARTS_0, 25L), callback);

        assertThat(seeks).isEmpty();
        assertThat(replay.hasPins()).isFalse();
        assertThat(replay.pinned(UUID.randomUUID())).isNull();
    }

    @Test
    void aPinnedDecisionIsFoundByItsOrder() {
        UUID orderId = UUID.randomUUID();
        RestoreReplay replay = RestoreReplay.of(Map.of(), Map.of(orderId, new OrderConfirmed(orderId)));

        assertThat(replay.pinned(orderId)).isEqualTo(new OrderConfirmed(orderId));
        assertThat(replay.pinned(UUID.randomUUID())).isNull();
        assertThat(replay.pinnedOrders()).containsExactly(orderId);
    }

    /** A callback that records the seeks to an offset; any other kind of seek fails the test. */
    private ConsumerSeekAware.ConsumerSeekCallback recordingSeeks() {
        return (ConsumerSeekAware.ConsumerSeekCallback) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConsumerSeekAware.ConsumerSeekCallback.class}, (proxy, method, args) -> {
                    if (method.getName().equals("seek") && args.length == 3 && args[2] instanceof Long offset) {
                        seeks.add(args[0] + "-" + args[1] + "@" + offset);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.toString());
                });
    }
}
