package dev.orderpipeline.storefront.catalog;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.orderpipeline.documents.ProductDocument;
import dev.orderpipeline.documents.StockDocument;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.PipelineEvent;
import dev.orderpipeline.events.ProductUpserted;
import dev.orderpipeline.events.StockAdjusted;
import dev.orderpipeline.runtime.InMemoryMongo;
import dev.orderpipeline.storefront.StorefrontProperties;
import dev.orderpipeline.storefront.following.FollowedEvent;
import dev.orderpipeline.storefront.web.RawJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The catalog view on the documents the inventory worker writes and the events of {@code catalog.v1}:
 * what MongoDB holds at the last read, with the product changes seen on the topic on top, as JSON.
 */
class CatalogViewTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final InMemoryMongo mongo = new InMemoryMongo();
    private final CatalogView view = new CatalogView(new CatalogReader(mongo.databases()), JSON,
            new StorefrontProperties(null, null,
                    new StorefrontProperties.Catalog(Duration.ofHours(1)), null));

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void theCatalogShowsEveryProductSortedBySkuWithItsAvailableUnits() {
        product("MUG", 1450);
        product("BEANS", 1890);
        mongo.databases().inventory().insert(new StockDocument("MUG", 10, 7, 3, 0,
                Map.of(UUID.randomUUID().toString(), 3), Map.of(), Map.of()));

        assertThat(list()).extracting(node -> node.path("sku").asString(), node -> node.path("available").asLong())
                .containsExactly(tuple("BEANS", 0L), tuple("MUG", 7L));
        assertThat(read(view.product("MUG").orElseThrow())).isEqualTo(JSON.readTree(
                "{\"sku\":\"MUG\",\"name\":\"mug\",\"description\":\"\",\"priceCents\":1450,\"currency\":\"EUR\",\"available\":7}"));
        assertThat(view.product("NOPE")).isEmpty();
        assertThat(view.exists("BEANS")).isTrue();
        assertThat(view.exists("NOPE")).isFalse();
    }

    @Test
    void aProductChangeOnTheTopicShowsAtOnceAndWinsOverWhatMongoDbStillHolds() {
        product("MUG", 1450);
        view.refresh();

        view.onEvents(List.of(event(new ProductUpserted("MUG", "Big mug", "bigger", 1650, "EUR")),
                event(new ProductUpserted("NEW-1", "New", null, 100, "EUR")),
                event(new StockAdjusted("MUG", 5, "ignored: MongoDB says what is available")),
                new FollowedEvent("GARBAGE", null)));

        assertThat(list()).extracting(node -> node.path("sku").asString(), node -> node.path("priceCents").asLong(),
                node -> node.path("available").asLong())
                .containsExactly(tuple("MUG", 1650L, 0L), tuple("NEW-1", 100L, 0L));
        assertThat(view.exists("NEW-1")).as("known before the inventory worker stored it").isTrue();
        view.refresh();
        assertThat(read(view.product("MUG").orElseThrow()).path("name").asString()).isEqualTo("Big mug");
    }

    @Test
    void aRefreshShowsWhatMongoDbHoldsNow() {
        product("MUG", 1450);
        mongo.databases().inventory().insert(StockDocument.empty("MUG", 10));
        assertThat(read(view.product("MUG").orElseThrow()).path("available").asLong()).isEqualTo(10);

        mongo.collection("inventory", "stock").updateOne(Filters.eq("_id", "MUG"), Updates.inc("available", -3));
        product("BEANS", 1890);
        assertThat(read(view.product("MUG").orElseThrow()).path("available").asLong()).as("as last read").isEqualTo(10);

        view.refresh();
        assertThat(read(view.product("MUG").orElseThrow()).path("available").asLong()).isEqualTo(7);
        assertThat(list()).hasSize(2);
    }

    @Test
    void aSkuMongoDbHasButTheViewDoesNotShowYetMayGoInACart() {
        view.refresh();
        product("LATE", 100);

        assertThat(view.product("LATE")).as("not read yet").isEmpty();
        assertThat(view.exists("LATE")).isTrue();
    }

    private List<JsonNode> list() {
        return List.copyOf(read(view.all()).valueStream().toList());
    }

    private static JsonNode read(RawJson json) {
        return JSON.readTree(new String(json.bytes(), StandardCharsets.UTF_8));
    }

    private static FollowedEvent event(PipelineEvent change) {
        return new FollowedEvent(change.key(), EventEnvelope.of(change, change.key()));
    }

    private void product(String sku, long priceCents) {
        mongo.databases().catalog().insert(new ProductDocument(sku, sku.toLowerCase(), "", priceCents, "EUR", Instant.now()));
    }
}
