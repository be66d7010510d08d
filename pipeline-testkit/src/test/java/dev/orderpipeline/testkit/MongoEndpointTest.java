package dev.orderpipeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.connection.ServerDescription;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.mongodb.health.MongoHealthIndicator;

/**
 * The stand-in (see StandInBackend) looks filters with an _id and more conditions up by _id, and the
 * other conditions must still decide; it keeps documents in BSON and its index keys as values, and
 * both must read back as written after a restart. It answers what current drivers, Spring Boot's
 * health check and mongosh send at connect (StandInCommands); mongosh itself: MongoShellIT.
 */
class MongoEndpointTest {

    @TempDir
    Path dir;
    private MongoEndpoint endpoint;
    private MongoClient client;
    private MongoCollection<Document> carts;

    @BeforeEach
    void start() {
        endpoint = MongoEndpoint.onFile(dir.resolve("test.mv"), 0);
        client = MongoClients.create(endpoint.uri());
        carts = client.getDatabase("t").getCollection("carts");
        for (int i = 0; i < 50; i++) {
            carts.insertOne(new Document("_id", "cart-" + i).append("status", "OPEN").append("position", 10L));
        }
    }

    @AfterEach
    void stop() {
        client.close();
        endpoint.close();
    }

    private long update(org.bson.conversions.Bson filter) {
        return carts.updateOne(filter, Updates.inc("version", 1)).getModifiedCount();
    }

    @Test
    void conditionsBesideTheIdStillDecide() {
        assertThat(update(Filters.and(Filters.eq("_id", "cart-7"), Filters.eq("status", "OPEN"), Filters.lt("position", 11L))))
                .isEqualTo(1);
        assertThat(update(Filters.and(Filters.eq("_id", "cart-7"), Filters.eq("status", "CHECKED_OUT")))).isZero();
        assertThat(update(Filters.and(Filters.eq("_id", "cart-7"), Filters.lt("position", 10L)))).isZero();
        assertThat(update(new Document("_id", "cart-7").append("status", "OPEN"))).isEqualTo(1);
        assertThat(update(new Document("_id", "cart-7").append("status", "GONE"))).isZero();
        assertThat(update(Filters.and(Filters.eq("_id", "no-such-cart"), Filters.eq("status", "OPEN")))).isZero();
        assertThat(carts.find(Filters.eq("_id", "cart-7")).first().getInteger("version")).isEqualTo(2);
        assertThat(carts.countDocuments(Filters.exists("version"))).isEqualTo(1);
    }

    @Test
    void queriesWithoutAPlainIdAndTheUniqueIdStillWork() {
        assertThat(carts.countDocuments(Filters.in("_id", "cart-1", "cart-2", "nope"))).isEqualTo(2);
        assertThat(carts.countDocuments(Filters.and(Filters.in("_id", "cart-1", "cart-2"), Filters.eq("status", "OPEN")))).isEqualTo(2);
        assertThat(carts.countDocuments(Filters.and(Filters.eq("_id", "cart-1"), Filters.eq("status", "GONE")))).isZero();
        assertThat(carts.countDocuments(Filters.or(Filters.eq("_id", "cart-1"), Filters.eq("_id", "cart-2")))).isEqualTo(2);
        assertThatThrownBy(() -> carts.insertOne(new Document("_id", "cart-3")))
                .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getCode()).isEqualTo(11000));
        carts.updateOne(Filters.and(Filters.eq("_id", "cart-new"), Filters.eq("status", "OPEN")), Updates.set("v", 1),
                new UpdateOptions().upsert(true));
        assertThat(carts.find(Filters.eq("_id", "cart-new")).first()).containsEntry("status", "OPEN").containsEntry("v", 1);
    }

    @Test
    void documentsAndTheUniqueIdSurviveARestart() {
        Instant at = Instant.parse("2026-12-01T10:15:30.123Z");
        carts.insertOne(new Document("_id", "cart-x").append("items", new Document("MUG", 2).append("BEANS", 1))
                .append("lines", List.of(new Document("sku", "MUG").append("quantity", 2)))
                .append("total", 2900L).append("ratio", 0.5).append("open", true).append("at", Date.from(at))
                .append("none", null));
        client.close();
        endpoint.close();

        endpoint = MongoEndpoint.onFile(dir.resolve("test.mv"), 0);
        client = MongoClients.create(endpoint.uri());
        carts = client.getDatabase("t").getCollection("carts");

        Document back = carts.find(Filters.eq("_id", "cart-x")).first();
        assertThat(back.get("items", Document.class)).containsEntry("MUG", 2).containsEntry("BEANS", 1);
        assertThat(back.getList("lines", Document.class).getFirst()).containsEntry("sku", "MUG");
        assertThat(back).containsEntry("total", 2900L).containsEntry("ratio", 0.5).containsEntry("open", true)
                .containsEntry("none", null);
        assertThat(back.getDate("at").toInstant()).isEqualTo(at);
        assertThat(carts.countDocuments()).isEqualTo(51);
        assertThat(update(Filters.and(Filters.eq("_id", "cart-9"), Filters.eq("status", "OPEN")))).isEqualTo(1);
        assertThatThrownBy(() -> carts.insertOne(new Document("_id", "cart-x")))
                .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getCode()).isEqualTo(11000));
    }

    @Test
    void theDriversHandshakeSeesAWireVersionCurrentToolsAcceptAndHelloIsAnswered() {
        assertThat(carts.countDocuments()).isEqualTo(50); // connected
        ServerDescription server = client.getClusterDescription().getServerDescriptions().getFirst();
        assertThat(server.getMaxWireVersion()).as("mongosh 2's Node driver needs at least 9").isGreaterThanOrEqualTo(9);
        assertThat(server.isPrimary()).isTrue();

        Document hello = client.getDatabase("carts").runCommand(new Document("hello", 1));
        assertThat(hello).containsEntry("isWritablePrimary", true).containsEntry("maxWireVersion", 9)
                .containsKeys("maxBsonObjectSize", "maxMessageSizeBytes", "localTime").doesNotContainKey("ismaster");
        assertThat(hello.get("ok", Number.class).intValue()).isEqualTo(1);
        Document isMaster = client.getDatabase("admin").runCommand(new Document("isMaster", 1).append("helloOk", true));
        assertThat(isMaster).containsEntry("ismaster", true).containsEntry("helloOk", true);
        assertThat(client.getDatabase("admin").runCommand(new Document("buildInfo", 1)))
                .containsEntry("version", "4.4.0");
        assertThat(client.getDatabase("admin").runCommand(new Document("getParameter", 1)
                .append("featureCompatibilityVersion", 1)).get("featureCompatibilityVersion", Document.class))
                .containsEntry("version", "4.4");
    }

    @Test
    void aCommandTheStandInDoesNotKnowIsCommandNotFoundAsMongodAnswersIt() {
        assertThatThrownBy(() -> client.getDatabase("admin").runCommand(new Document("atlasVersion", 1)))
                .isInstanceOfSatisfying(MongoCommandException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(59);
                    assertThat(e.getErrorCodeName()).isEqualTo("CommandNotFound");
                });
        assertThatThrownBy(() -> client.getDatabase("admin").runCommand(new Document("getParameter", "noSuchOption")))
                .isInstanceOfSatisfying(MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(72));
        assertThat(carts.countDocuments()).as("the connection still serves").isEqualTo(50);
    }

    @Test
    void springBootsMongoHealthCheckIsUpWhileTheStandInAnswersAndDownOnceItStops() {
        MongoHealthIndicator health = new MongoHealthIndicator(client);
        Health up = health.health(true);
        assertThat(up.getStatus()).as(up.toString()).isEqualTo(Status.UP);
        assertThat(up.getDetails()).containsEntry("maxWireVersion", 9);

        endpoint.close();
        try (MongoClient impatient = MongoClients.create(endpoint.uri() + "/?serverSelectionTimeoutMS=500")) {
            assertThat(new MongoHealthIndicator(impatient).health(true).getStatus()).isEqualTo(Status.DOWN);
        }
        endpoint = MongoEndpoint.onFile(dir.resolve("test.mv"), 0); // for stop()
    }
}
