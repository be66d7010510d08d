package dev.orderpipeline.runtime;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.orderpipeline.documents.CartDocument;
import dev.orderpipeline.documents.OrderDocument;
import dev.orderpipeline.documents.OrderStatus;
import dev.orderpipeline.documents.ProductDocument;
import dev.orderpipeline.documents.StockDocument;
import dev.orderpipeline.events.Customer;
import dev.orderpipeline.events.OrderLine;
import dev.orderpipeline.events.Reason;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fixture the services' tests call stores and flows with ({@link InMemoryMongo}) maps the
 * pipeline's documents exactly as the converter Spring Boot auto-configures with
 * {@link PipelineRuntimeAutoConfiguration}, UUIDs stored as strings included.
 */
class InMemoryMongoTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private final InMemoryMongo mongo = new InMemoryMongo();
    private final ApplicationContextRunner services = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class, DataMongoAutoConfiguration.class,
                    KafkaAutoConfiguration.class, PipelineRuntimeAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues("spring.mongodb.uri=" + mongo.uri());

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void theFixturesConverterWritesAndReadsEveryDocumentAsTheAutoConfiguredOne() {
        MappingMongoConverter fixture = mongo.converter();
        services.run(context -> {
            MappingMongoConverter boot = context.getBean(MappingMongoConverter.class);
            for (Object document : samples()) {
                Document written = written(boot, document);
                assertThat(written(fixture, document)).as(document.getClass().getSimpleName()).isEqualTo(written);
                assertThat(fixture.read(document.getClass(), written)).isEqualTo(document);
            }
        });
    }

    @Test
    void uuidsAreStoredAsTheirStrings() {
        CartDocument cart = cart();
        services.run(context -> context.getBean(MongoDatabases.class).carts().insert(cart));

        Document stored = mongo.collection("carts", "carts").find().first();
        assertThat(stored).containsEntry("_id", cart.cartId().toString())
                .containsEntry("orderId", cart.orderId().toString())
                .containsEntry("checkoutEventId", cart.checkoutEventId().toString());
        assertThat(mongo.databases().carts()
                .findById(cart.cartId(), CartDocument.class)).isEqualTo(cart);
    }

    @Test
    void reasonsAreStoredAsTheirWireForm() {
        OrderDocument rejected = rejected();
        services.run(context -> context.getBean(MongoDatabases.class).orders().insert(rejected));

        Document stored = mongo.collection("orders", "orders").find().first();
        assertThat(stored).containsEntry("reason", "OUT_OF_STOCK: MUG-1, MUG-2");
        assertThat(mongo.databases().orders().findById(rejected.orderId(), OrderDocument.class)).isEqualTo(rejected);
    }

    private static OrderDocument rejected() {
        UUID orderId = UUID.randomUUID();
        return new OrderDocument(orderId, UUID.randomUUID(), OrderStatus.REJECTED,
                List.of(new OrderLine("MUG-1", 2, 1450), new OrderLine("MUG-2", 1, 1450)), 4350, "EUR",
                Reason.of(Reason.Code.OUT_OF_STOCK, List.of("MUG-1", "MUG-2")), new Customer("ann@example.com", "Ann"),
                NOW, NOW, OrderStatus.PENDING, UUID.randomUUID().toString(), true);
    }

    private static List<Object> samples() {
        UUID orderId = UUID.randomUUID();
        return List.of(cart(), rejected(),
                new OrderDocument(orderId, UUID.randomUUID(), OrderStatus.PENDING,
                        List.of(new OrderLine("MUG-1", 2, 1450)), 2900, "EUR", null,
                        new Customer("ann@example.com", "Ann"), NOW, NOW, OrderStatus.PENDING,
                        null, true),
                new ProductDocument("MUG-1", "Mug", "Stoneware", 1450, "EUR", NOW),
                new StockDocument("MUG-1", 10, 6, 4, 0, Map.of(orderId.toString(), 4),
                        Map.of(UUID.randomUUID().toString(), 10), Map.of("3", 2L)));
    }

    private static CartDocument cart() {
        return new CartDocument(UUID.randomUUID(), CartDocument.CartStatus.CHECKED_OUT, Map.of("MUG-1", 2),
                UUID.randomUUID(), UUID.randomUUID(), 3, 7, NOW, NOW);
    }

    private static Document written(MappingMongoConverter converter, Object document) {
        Document written = new Document();
        converter.write(document, written);
        return written;
    }
}
