package dev.orderpipeline.systemtests;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import dev.orderpipeline.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Poison on every partition of every input topic goes to that topic's dead-letter topic with its
 * original bytes and the error in headers, and the records after it are still processed.
 */
class PoisonIT {

    private final Api api = Pipeline.api();

    @Test
    void poisonGoesToTheDeadLetterTopicAndThePartitionKeepsMoving() {
        String marker = "poison-" + UUID.randomUUID();
        List<String> inputs = List.of(Topics.CARTS, Topics.ORDERS, Topics.INVENTORY, Topics.CATALOG);
        int poisoned = 0;
        for (String topic : inputs) {
            for (int partition = 0; partition < KafkaTopics.partitions(topic); partition++) {
                KafkaTopics.sendRaw(topic, partition, "k", poison(marker, partition));
                poisoned++;
            }
        }

        // Records after the poison, on whichever partitions they land: all processed.
        String sku = Skus.unique("AFTER-POISON");
        api.createProduct(sku, 300, 2);
        var order = api.awaitFinal(api.order(CheckoutIT.lines(sku, 1)));
        assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");

        for (String topic : inputs) {
            String deadLetters = Topics.deadLetterTopic(topic);
            int expected = KafkaTopics.partitions(topic);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(ours(KafkaTopics.readAll(deadLetters), marker)).as(deadLetters).hasSize(expected));
            for (ConsumerRecord<String, byte[]> record : ours(KafkaTopics.readAll(deadLetters), marker)) {
                int partition = Integer.parseInt(header(record, "kafka_dlt-original-partition", true));
                assertThat(record.value()).isEqualTo(poison(marker, partition));
                assertThat(header(record, "kafka_dlt-original-topic", false)).isEqualTo(topic);
                assertThat(header(record, "kafka_dlt-exception-message", false)).isNotBlank();
                assertThat(header(record, "kafka_dlt-exception-fqcn", false)).isNotBlank();
            }
        }
        System.out.printf("poison: %d poison records on %d topics, all in their .dlt topics%n", poisoned, inputs.size());
    }

    /** Half the partitions get bytes that are not JSON, the other half JSON that breaks the contract. */
    private static byte[] poison(String marker, int partition) {
        String text = partition % 2 == 0
                ? "not json " + marker + " " + partition
                : "{\"eventId\":\"" + uuid(marker, "event", partition) + "\",\"type\":\"CartItemAdded\",\"schemaVersion\":1,"
                        + "\"occurredAt\":\"2026-01-01T00:00:00Z\",\"key\":\"k\",\"correlationId\":\"" + marker
                        + "\",\"payload\":{\"cartId\":\"" + uuid(marker, "cart", partition) + "\",\"sku\":\"X-" + partition
                        + "\",\"quantity\":-1}}";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static UUID uuid(String marker, String what, int partition) {
        return UUID.nameUUIDFromBytes((marker + what + partition).getBytes(StandardCharsets.UTF_8));
    }

    private static List<ConsumerRecord<String, byte[]>> ours(List<ConsumerRecord<String, byte[]>> records, String marker) {
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        return records.stream().filter(record -> contains(record.value(), needle)).toList();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; haystack != null && i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String header(ConsumerRecord<?, ?> record, String name, boolean intValue) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name + " in " + Arrays.toString(record.headers().toArray())).isNotNull();
        if (intValue) {
            return String.valueOf(ByteBuffer.wrap(header.value()).getInt());
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
