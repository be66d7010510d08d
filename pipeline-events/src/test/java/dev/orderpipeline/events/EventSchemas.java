package dev.orderpipeline.events;

import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Schemas (draft 2020-12) of the events, generated from the records by victools'
 * jsonschema-generator: one self-contained schema per type (nested records inlined), every component
 * required and non-null unless it is an {@link OptionalField}, unknown properties allowed (readers
 * ignore them).
 */
final class EventSchemas {

    private static final SchemaGenerator GENERATOR = generator();

    private EventSchemas() {
    }

    /** The schema of the payload of {@code type} in its current version. */
    static JsonNode payload(Class<? extends PipelineEvent> type) {
        ObjectNode schema = generate(type);
        schema.put("title", type.getSimpleName());
        schema.put("description", "Payload of the event " + type.getSimpleName() + ", schemaVersion "
                + SchemaVersions.CURRENT.current(type) + " (generated from the record; docs/contracts.md)");
        return schema;
    }

    /** The schema of the envelope every event travels in; its payload is one of the payload schemas. */
    static JsonNode envelope() {
        ObjectNode schema = generate(EventEnvelope.class);
        schema.put("title", "EventEnvelope");
        schema.put("description", "What travels on Kafka: the event's metadata and its payload, whose shape "
                + "type and schemaVersion select (generated from the record; docs/contracts.md)");
        return schema;
    }

    /** The schema of any record, as the events' are generated. */
    static JsonNode of(Class<?> type) {
        return generate(type);
    }

    private static ObjectNode generate(Class<?> type) {
        String json = GENERATOR.generateSchema(type).toString();
        return (ObjectNode) Contracts.JSON.readTree(json);
    }

    private static SchemaGenerator generator() {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12,
                OptionPreset.PLAIN_JSON)
                .with(Option.INLINE_ALL_SCHEMAS, Option.STANDARD_FORMATS, Option.EXTRA_OPEN_API_FORMAT_VALUES);
        config.forFields()
                .withRequiredCheck(field -> !optional(field))
                .withNullableCheck(EventSchemas::optional);
        config.forTypesInGeneral().withCustomDefinitionProvider((javaType, context) -> {
            if (javaType.getErasedType() == PipelineEvent.class) {
                return new CustomDefinition(context.getGeneratorConfig().createObjectNode()
                        .put("type", "object")
                        .put("description", "the event; its schema is contracts/events/v<schemaVersion>/<type>.json"));
            }
            // a Reason travels as its wire form, the string release 0.1.0 wrote (Reason#text)
            return javaType.getErasedType() == Reason.class
                    ? new CustomDefinition(context.getGeneratorConfig().createObjectNode().put("type", "string"))
                    : null;
        });
        return new SchemaGenerator(config.build());
    }

    private static boolean optional(FieldScope field) {
        return field.getAnnotationConsideringFieldAndGetter(OptionalField.class) != null;
    }
}
