package dev.orderpipeline.manifests;

import java.util.List;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * Parses manifests into fabric8's typed model (and Strimzi's, for its custom resources) the way
 * the API server would judge them: an unknown field, a scalar of the wrong type or an unknown
 * kind is an error. fabric8 by default keeps unknown fields in {@code additionalProperties} and
 * coerces "2" to 2; here the any-setters are removed and scalar coercion is off.
 */
final class StrictKubernetes {

    /** Thrown for a document the API server would reject. */
    static final class StrictParseException extends RuntimeException {
        StrictParseException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final KubernetesSerialization SERIALIZATION;

    static {
        SimpleModule strict = new SimpleModule("strict-kubernetes");
        strict.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
                    BeanDeserializerBuilder builder) {
                if (!GenericKubernetesResource.class.isAssignableFrom(description.getBeanClass())) {
                    builder.setAnySetter(null);
                    builder.setIgnoreUnknownProperties(false);
                }
                return builder;
            }
        });
        MAPPER.registerModule(strict);
        SERIALIZATION = new KubernetesSerialization(MAPPER, true);
        // fabric8's GoCompatibilityModule reads "80" as 80 (Go's ",string" tag); the API server
        // does not for these fields. Jackson's own deserializers, registered after it, win and obey
        // the coercion settings below.
        SimpleModule strictScalars = new SimpleModule("strict-scalars");
        strictScalars.addDeserializer(Integer.class, new NumberDeserializers.IntegerDeserializer(Integer.class, null));
        strictScalars.addDeserializer(Long.class, new NumberDeserializers.LongDeserializer(Long.class, null));
        strictScalars.addDeserializer(Double.class, new NumberDeserializers.DoubleDeserializer(Double.class, null));
        strictScalars.addDeserializer(Boolean.class, new NumberDeserializers.BooleanDeserializer(Boolean.class, null));
        MAPPER.registerModule(strictScalars);
        MAPPER.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        MAPPER.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            MAPPER.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        MAPPER.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        MAPPER.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        MAPPER.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        // Strimzi's custom resources, typed as well
        SERIALIZATION.registerKubernetesResource(Kafka.class);
        SERIALIZATION.registerKubernetesResource(KafkaNodePool.class);
        SERIALIZATION.registerKubernetesResource(KafkaTopic.class);
        SERIALIZATION.registerKubernetesResource(KafkaUser.class);
    }

    private StrictKubernetes() {
    }

    static HasMetadata parse(Yaml.Doc doc) {
        KubernetesResource resource;
        try {
            resource = MAPPER.readValue(MAPPER.writeValueAsString(doc.tree()), KubernetesResource.class);
        } catch (JsonMappingException e) {
            throw new StrictParseException(doc.id() + ": " + e.getOriginalMessage() + " at "
                    + e.getPathReference(), e);
        } catch (Exception e) {
            throw new StrictParseException(doc.id() + ": " + e.getMessage(), e);
        }
        if (resource instanceof GenericKubernetesResource generic && OtherCustomResources.isKnown(doc)) {
            OtherCustomResources.checkFields(doc);
            if (generic.getMetadata() == null || generic.getMetadata().getName() == null) {
                throw new StrictParseException(doc.id() + ": metadata.name is missing", null);
            }
            return generic;
        }
        if (resource instanceof GenericKubernetesResource) {
            throw new StrictParseException(doc.id() + ": unknown kind " + doc.apiVersion() + "/" + doc.kind()
                    + " (neither a Kubernetes kind known to fabric8 nor a Strimzi custom resource nor one of "
                    + OtherCustomResources.KNOWN.keySet() + ")", null);
        }
        if (!(resource instanceof HasMetadata hasMetadata)) {
            throw new StrictParseException(doc.id() + ": not an object with metadata: " + resource.getClass(), null);
        }
        if (hasMetadata.getMetadata() == null || hasMetadata.getMetadata().getName() == null) {
            throw new StrictParseException(doc.id() + ": metadata.name is missing", null);
        }
        return hasMetadata;
    }

    static List<HasMetadata> parseAll(List<Yaml.Doc> docs) {
        return docs.stream().map(StrictKubernetes::parse).toList();
    }
}
