package dev.orderpipeline.systemtests;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.EventJson;
import dev.orderpipeline.events.StockAdjusted;
import dev.orderpipeline.events.Topics;
import dev.orderpipeline.storefrontclient.Reply;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A valid event dead-lettered because its product did not exist yet (a stock adjustment of an
 * unknown SKU) is applied once the product exists and an operator re-drives it; a second redrive
 * sends nothing and reports it as re-driven before; the copy keeps key, bytes and event id.
 */
class RedriveIT {

    private static final String REDRIVE = "/api/ops/dead-letters/redrive";
    private static final String CATALOG_DLT = Topics.deadLetterTopic(Topics.CATALOG);
    /** The header ops-api puts on a re-driven copy (its DeadLetterRedrive). */
    private static final String REDRIVE_OF = "pipeline-redrive-of";

    private final Api api = Pipeline.api();

    @Test
    void aStockAdjustmentDeadLetteredForAMissingProductIsAppliedOnceAfterTheFixAndItsRedrive() {
        String sku = Skus.unique("REDRIVE");
        EventEnvelope adjustment = EventEnvelope.of(new StockAdjusted(sku, 7, "delivery before the product"), sku);
        byte[] bytes = EventJson.write(adjustment);
        KafkaTopics.send(Topics.CATALOG, sku, bytes);
        ConsumerRecord<String, byte[]> deadLetter = await().atMost(Duration.ofSeconds(60))
                .until(() -> find(CATALOG_DLT, bytes), record -> record != null);
        assertThat(header(deadLetter, "kafka_dlt-exception-message")).contains("unknown sku");
        // a poison record beside it in the dead letters: no event id, so no selection by id matches it
        byte[] poison = ("not an event " + sku).getBytes(StandardCharsets.UTF_8);
        KafkaTopics.send(Topics.CATALOG, sku, poison);
        await().atMost(Duration.ofSeconds(60)).until(() -> find(CATALOG_DLT, poison), record -> record != null);

        api.createProduct(sku, 250, 0);
        String byEventId = """
                {"topic":"%s","eventIds":["%s"],"dryRun":%s}""";
        Reply dryRun = api.client().redrive(byEventId.formatted(CATALOG_DLT, adjustment.eventId(), true));
        assertThat(dryRun.status()).as(dryRun.bodyText()).isEqualTo(200);
        assertThat(dryRun.body().path("redriven").size()).isEqualTo(1);
        assertThat(dryRun.body().path("redriven").get(0).path("redrivenTo").isNull()).isTrue();

        Reply first = api.client().redrive("""
                {"topic":"%s","partition":%d,"fromOffset":%d,"toOffset":%d}""".formatted(CATALOG_DLT,
                deadLetter.partition(), deadLetter.offset(), deadLetter.offset()));
        assertThat(first.status()).as(first.bodyText()).isEqualTo(200);
        JsonNode sent = single(first.body().path("redriven"));
        assertThat(sent.path("eventId").asString()).isEqualTo(adjustment.eventId().toString());
        assertThat(sent.path("type").asString()).isEqualTo("StockAdjusted");
        assertThat(sent.path("key").asString()).isEqualTo(sku);
        assertThat(sent.path("originalTopic").asString()).isEqualTo(Topics.CATALOG);
        assertThat(sent.path("redrivenTo").asString()).startsWith(Topics.CATALOG + "-");
        await().atMost(Duration.ofSeconds(30)).until(() -> api.available(sku) == 7);

        ConsumerRecord<String, byte[]> copy = find(Topics.CATALOG, bytes, REDRIVE_OF);
        assertThat(copy.key()).isEqualTo(sku);
        assertThat(copy.value()).isEqualTo(bytes);
        assertThat(copy.partition()).isEqualTo(intHeader(deadLetter, "kafka_dlt-original-partition"));

        Reply second = api.client().redrive(byEventId.formatted(CATALOG_DLT, adjustment.eventId(), false));
        assertThat(second.status()).as(second.bodyText()).isEqualTo(200);
        assertThat(second.body().path("redriven").size()).isZero();
        assertThat(single(second.body().path("alreadyRedriven")).path("redrivenTo").asString())
                .isEqualTo(sent.path("redrivenTo").asString());

        // Even sent once more behind the redrive's record, the adjustment is applied once: a later
        // adjustment on the same key (so the same partition, behind it) shows the total.
        KafkaTopics.send(Topics.CATALOG, sku, bytes);
        assertThat(api.post("/api/admin/inventory/" + sku + "/adjustments", "{\"delta\":1,\"reason\":\"barrier\"}",
                api.admin()).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.available(sku) == 8);
    }

    @Test
    void aRedriveNeedsTheAdminTokenAndADeadLetterTopic() {
        Reply anonymous = api.post(REDRIVE, "{\"topic\":\"%s\",\"partition\":0}".formatted(CATALOG_DLT), Map.of());
        assertThat(anonymous.status()).isEqualTo(401);

        for (String body : List.of("{\"topic\":\"catalog.v1\",\"partition\":0}",
                "{\"topic\":\"%s\"}".formatted(CATALOG_DLT),
                "{\"topic\":\"%s\",\"partition\":99}".formatted(CATALOG_DLT),
                "{\"topic\":\"%s\",\"partition\":0,\"fromOffset\":5,\"toOffset\":2}".formatted(CATALOG_DLT),
                "{\"topic\":\"%s\",\"eventIds\":[\"not-a-uuid\"]}".formatted(CATALOG_DLT))) {
            Reply refused = api.client().redrive(body);
            assertThat(refused.status()).as(body + " -> " + refused.bodyText()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
    }

    private static ConsumerRecord<String, byte[]> find(String topic, byte[] value) {
        return KafkaTopics.readAll(topic).stream()
                .filter(record -> Arrays.equals(record.value(), value)).findFirst().orElse(null);
    }

    private static ConsumerRecord<String, byte[]> find(String topic, byte[] value, String header) {
        return KafkaTopics.readAll(topic).stream()
                .filter(record -> Arrays.equals(record.value(), value))
                .filter(record -> record.headers().lastHeader(header) != null)
                .reduce((first, second) -> {
                    throw new AssertionError("more than one re-driven copy on " + topic);
                }).orElseThrow(() -> new AssertionError("no re-driven copy on " + topic));
    }

    private static JsonNode single(JsonNode array) {
        assertThat(array.size()).as(array.toString()).isEqualTo(1);
        return array.get(0);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as(name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static int intHeader(ConsumerRecord<?, ?> record, String name) {
        return ByteBuffer.wrap(record.headers().lastHeader(name).value()).getInt();
    }
}
