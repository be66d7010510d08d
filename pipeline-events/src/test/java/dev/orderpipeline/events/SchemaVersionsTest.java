package dev.orderpipeline.events;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The envelope's schemaVersion: a consumer reads every version up to its own, turning older payloads
 * into the current shape in {@link SchemaVersions}, and refuses newer ones. Here a consumer for which
 * CartItemAdded is at version 2, whose version 1 called the quantity {@code qty}.
 */
class SchemaVersionsTest {

    private static final UnaryOperator<ObjectNode> QTY_BECOMES_QUANTITY = payload -> {
        payload.set("quantity", payload.remove("qty"));
        return payload;
    };
    private static final SchemaVersions V2 = new SchemaVersions(Map.of("CartItemAdded", 2),
            Map.of("CartItemAdded", Map.of(1, QTY_BECOMES_QUANTITY)));

    private final UUID cart = UUID.randomUUID();

    @Test
    void anOlderVersionIsUpgradedToTheCurrentShapeInOnePlace() {
        EventEnvelope read = EventJson.read(cartItemAdded(1, "\"qty\":3"), V2);

        assertThat(read.payload()).isEqualTo(new CartItemAdded(cart, "MUG", 3));
        assertThat(read.schemaVersion()).isEqualTo(2);
    }

    @Test
    void theCurrentVersionIsReadAsItIs() {
        assertThat(EventJson.read(cartItemAdded(2, "\"quantity\":3"), V2).payload())
                .isEqualTo(new CartItemAdded(cart, "MUG", 3));
    }

    @Test
    void aNewerVersionIsRefusedAndSoIsNoVersion() {
        assertThatThrownBy(() -> EventJson.read(cartItemAdded(3, "\"quantity\":3"), V2))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("schemaVersion 3 of CartItemAdded is newer than this consumer reads (2)");
        assertThatThrownBy(() -> EventJson.read(cartItemAdded(0, "\"quantity\":3"), V2))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("unsupported schemaVersion 0");
    }

    @Test
    void whatAConsumerRefusesAsTooNewIsReadOnceItIsUpgradedSoItCanBeReDriven() {
        byte[] writtenByANewerProducer = cartItemAdded(2, "\"quantity\":3");

        assertThatThrownBy(() -> EventJson.read(writtenByANewerProducer)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("re-drive it from the dead-letter topic once the consumer is upgraded");
        assertThat(EventJson.read(writtenByANewerProducer, V2).payload()).isEqualTo(new CartItemAdded(cart, "MUG", 3));
    }

    @Test
    void aVersionWithoutAnUpgradeFromTheOneBeforeIsAMistakeOfTheBuild() {
        assertThatThrownBy(() -> new SchemaVersions(Map.of("CartItemAdded", 3),
                Map.of("CartItemAdded", Map.of(1, QTY_BECOMES_QUANTITY))))
                .hasMessage("CartItemAdded is at version 3 without an upgrade from 2");
    }

    @Test
    void thisBuildWritesTheCurrentVersionOfEveryType() {
        for (EventEnvelope event : ExampleEvents.all()) {
            assertThat(event.schemaVersion()).isEqualTo(SchemaVersions.CURRENT.current(event.type()));
            assertThat(EventJson.read(EventJson.write(event)).schemaVersion()).isEqualTo(event.schemaVersion());
        }
    }

    private byte[] cartItemAdded(int version, String quantity) {
        return ("{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"CartItemAdded\",\"schemaVersion\":" + version
                + ",\"occurredAt\":\"2026-12-01T10:00:00Z\",\"key\":\"" + cart + "\",\"correlationId\":\"" + cart
                + "\",\"causationId\":null,\"payload\":{\"cartId\":\"" + cart + "\",\"sku\":\"MUG\"," + quantity + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
