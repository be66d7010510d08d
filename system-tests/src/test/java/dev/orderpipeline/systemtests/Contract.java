package dev.orderpipeline.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.orderpipeline.storefrontclient.Reply;
import dev.orderpipeline.storefrontclient.StorefrontClient;
import org.apache.hc.core5.http.Header;
import tools.jackson.databind.JsonNode;

/**
 * A service's committed OpenAPI document (docs/openapi.json of the storefront, docs/ops-openapi.json
 * of ops-api) as a check of what the service really answers. Each answer is validated
 * against the operation it answers (status code, content type, headers, body schema; a field the
 * schema does not list is a mismatch too) by Atlassian's OpenAPI validator. Requests are not
 * validated: the tests send bad ones on purpose. An exchange the document has no operation for (an
 * unknown path, a method no call takes) is outside the contract and not checked.
 */
final class Contract {

    static final String EVENT_STREAM = "text/event-stream";

    /** One operation of the document: {@code path} matches the paths it answers; the statuses it declares. */
    record Operation(String id, String method, String template, Pattern path, SortedSet<String> statuses) {
    }

    private final OpenApiInteractionValidator validator;
    private final List<Operation> operations;

    private Contract(String document) {
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document)
                .withLevelResolver(LevelResolver.create()
                        // exact: an answer's field the schema does not list is an error, not a warning
                        .withLevel("validation.schema.additionalProperties", ValidationReport.Level.ERROR)
                        .build())
                .build();
        this.operations = operations(Api.JSON.readTree(document));
    }

    /** The storefront's committed document of the repository the tests run in. */
    static Contract committed() {
        return committed(StorefrontClient.Service.STOREFRONT);
    }

    /** The committed document of {@code service}. */
    static Contract committed(StorefrontClient.Service service) {
        Path root = Path.of(System.getProperty("pipeline.root", "..")).toAbsolutePath().normalize();
        return of(root.resolve(document(service)));
    }

    static String document(StorefrontClient.Service service) {
        return service == StorefrontClient.Service.OPS ? "docs/ops-openapi.json" : "docs/openapi.json";
    }

    static Contract of(Path document) {
        try {
            return new Contract(Files.readString(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Contract ofText(String document) {
        return new Contract(document);
    }

    List<Operation> operations() {
        return operations;
    }

    /** The operation answering {@code method path} (a query is ignored), if the document has one. */
    Optional<Operation> operation(String method, String path) {
        String bare = withoutQuery(path);
        return operations.stream().filter(o -> o.method().equalsIgnoreCase(method) && o.path().matcher(bare).matches())
                .findFirst();
    }

    /**
     * Where {@code reply} differs from what the document says {@code method path} answers, one line
     * each; none for an exchange outside the document.
     */
    List<String> mismatches(String method, String path, Reply reply) {
        if (operation(method, path).isEmpty()) {
            return List.of();
        }
        SimpleResponse.Builder response = SimpleResponse.Builder.status(reply.status());
        for (Header header : reply.headers()) {
            response.withHeader(header.getName(), header.getValue());
        }
        if (reply.content().length > 0) {
            response.withBody(new String(reply.content(), StandardCharsets.UTF_8));
        }
        ValidationReport report = validator.validateResponse(withoutQuery(path),
                Request.Method.valueOf(method.toUpperCase()), response.build());
        List<String> found = new ArrayList<>();
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() == ValidationReport.Level.ERROR && !partOfAStream(reply, message)) {
                found.add(describe(method, path, reply, message));
            }
        }
        return found;
    }

    /** An event stream closed before its first event has no body yet; its events are checked one by one. */
    private static boolean partOfAStream(Reply reply, ValidationReport.Message message) {
        return reply.contentType().startsWith(EVENT_STREAM) && reply.content().length == 0
                && message.getKey().equals("validation.response.body.missing");
    }

    private static String describe(String method, String path, Reply reply, ValidationReport.Message message) {
        String where = message.getContext().flatMap(ValidationReport.MessageContext::getPointers)
                .map(p -> " at " + (p.getInstance().isEmpty() ? "/" : p.getInstance()) + " (schema " + p.getSchema() + ")")
                .orElse("");
        String body = reply.bodyText();
        return method + " " + path + " -> " + reply.status() + " " + reply.contentType() + ": " + message.getMessage()
                + where + " [" + message.getKey() + "]; body: " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
    }

    private static String withoutQuery(String path) {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    private static List<Operation> operations(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            String pattern = Pattern.quote(path.getKey()).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            operations.add(new Operation(operation.getValue().path("operationId").asString(),
                    operation.getKey().toUpperCase(), path.getKey(), Pattern.compile(pattern),
                    new TreeSet<>(operation.getValue().path("responses").propertyNames())));
        }));
        return List.copyOf(operations);
    }
}
