package dev.orderpipeline.events;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code contracts/asyncapi.yaml} is a valid AsyncAPI 3.0 document and describes what the code does:
 * every topic of {@link Topics}, every event type of {@link PipelineEvent} on the topic its record
 * names, and every schema file it refers to exists. The AsyncAPI 3.0.0 JSON Schema is vendored from
 * npm's {@code @asyncapi/specs} 6.11.1 ({@code schemas/3.0.0-without-$id.json}, Apache-2.0), since
 * tests fetch nothing.
 */
class AsyncApiTest {

    private static final Path DOCUMENT = Contracts.root().resolve("asyncapi.yaml");
    private static final JsonNode ASYNCAPI = read();

    private static JsonNode read() {
        try {
            return new YAMLMapper().readTree(Files.readString(DOCUMENT));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void isValidAgainstTheAsyncApi300Schema() throws Exception {
        assertThat(ASYNCAPI.get("asyncapi").asString()).isEqualTo("3.0.0");
        assertThat(JsonSchemas.errors(asyncApiSchema(), ASYNCAPI, SpecificationVersion.DRAFT_7)).isEmpty();
    }

    @Test
    void theSchemaFindsAnAsyncApi2Operation() throws Exception {
        ObjectNode broken = (ObjectNode) ASYNCAPI.deepCopy();
        ((ObjectNode) broken.at("/operations/storefrontapiSendsCarts")).put("action", "publish");

        assertThat(JsonSchemas.errors(asyncApiSchema(), broken, SpecificationVersion.DRAFT_7))
                .anySatisfy(error -> assertThat(error).contains("/operations/storefrontapiSendsCarts"));
    }

    private static JsonNode asyncApiSchema() throws java.io.IOException {
        try (InputStream in = AsyncApiTest.class.getResourceAsStream("/asyncapi-3.0.0.schema.json")) {
            return Contracts.JSON.readTree(in);
        }
    }

    @Test
    void listsEveryTopic() {
        Set<String> addresses = new TreeSet<>();
        ASYNCAPI.get("channels").forEach(channel -> addresses.add(channel.get("address").asString()));

        assertThat(addresses).containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(Topics.TopicSpec::name).toList());
        ASYNCAPI.get("channels").forEach(channel -> {
            Topics.TopicSpec topic = Topics.ALL.stream().filter(t -> t.name().equals(channel.get("address").asString()))
                    .findFirst().orElseThrow();
            assertThat(channel.at("/bindings/kafka/partitions").asInt()).as(topic.name()).isEqualTo(topic.partitions());
            assertThat(channel.at("/bindings/kafka/topicConfiguration/retention.ms").asLong()).as(topic.name())
                    .isEqualTo(topic.retention().toMillis());
        });
    }

    @Test
    void listsEveryEventTypeOnTheTopicItsRecordNames() {
        Map<String, String> channelOf = new HashMap<>();
        ASYNCAPI.get("channels").forEach(channel -> channel.get("messages").propertyNames()
                .forEach(message -> channelOf.put(message, channel.get("address").asString())));

        for (EventEnvelope event : ExampleEvents.all()) {
            assertThat(channelOf).as(event.type()).containsEntry(event.type(), event.topic());
            JsonNode message = ASYNCAPI.at("/components/messages/" + event.type());
            assertThat(message.at("/payload/allOf/1/properties/payload/$ref").asString())
                    .isEqualTo("events/v" + event.schemaVersion() + "/" + event.type() + ".json");
        }
        assertThat(ExampleEvents.all()).hasSize(Contracts.eventTypes().size());
    }

    @Test
    void namesTheConsumerGroupOfEveryEventTopic() {
        Map<String, String> groups = new HashMap<>();
        ASYNCAPI.get("operations").forEach(operation -> {
            JsonNode group = operation.at("/bindings/kafka/groupId/enum/0");
            if ("receive".equals(operation.get("action").asString()) && !group.isMissingNode()) {
                String channel = operation.at("/channel/$ref").asString().replace("#/channels/", "");
                groups.put(ASYNCAPI.at("/channels/" + channel + "/address").asString(), group.asString());
            }
        });

        assertThat(groups).containsExactlyInAnyOrderEntriesOf(Map.of(Topics.CARTS, "order-processor",
                Topics.INVENTORY, "order-processor", Topics.ORDERS, "inventory-worker", Topics.CATALOG, "inventory-worker"));
    }

    @Test
    void everyReferenceResolves() {
        List<String> broken = new ArrayList<>();
        references(ASYNCAPI, broken);
        assertThat(broken).isEmpty();
    }

    private static void references(JsonNode node, List<String> broken) {
        if (node.isObject() && node.has("$ref")) {
            String ref = node.get("$ref").asString();
            boolean resolves = ref.startsWith("#") ? !ASYNCAPI.at(ref.substring(1)).isMissingNode()
                    : Files.exists(DOCUMENT.resolveSibling(ref));
            if (!resolves) {
                broken.add(ref);
            }
        }
        node.forEach(child -> references(child, broken));
    }
}
