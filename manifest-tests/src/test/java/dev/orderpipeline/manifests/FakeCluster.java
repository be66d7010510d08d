package dev.orderpipeline.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in Kubernetes API server for the chart's {@code lookup} of Secrets, on a free port of the
 * loopback address, named by the kubeconfig the test JVM's KUBECONFIG points at (manifest-tests/pom.xml).
 * It serves the discovery of v1 and the namespace's Secrets: none ({@link #reachable} true: a cluster
 * on the first install), the ones {@link #secret} put there (an upgrade), or, {@link #reachable}
 * false, a 404 for every object and list, which is what lookup sees under helm template (nothing).
 * Closing it removes the kubeconfig: helm-java then finds no cluster again.
 */
final class FakeCluster implements AutoCloseable {

    static final Path KUBECONFIG = Path.of(System.getenv().getOrDefault("KUBECONFIG",
            Repo.MODULE.resolve("target/fake-cluster/kubeconfig").toString()));

    private final HttpServer server;
    private final String namespace;
    private final Map<String, Map<String, String>> secrets = new TreeMap<>();
    private volatile boolean reachable = true;

    FakeCluster(String namespace) {
        this.namespace = namespace;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::answer);
            server.start();
            Files.createDirectories(KUBECONFIG.getParent());
            Files.writeString(KUBECONFIG, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                      - name: fake
                        cluster: {server: "http://127.0.0.1:%d"}
                    users:
                      - name: fake
                        user: {token: fake}
                    contexts:
                      - name: fake
                        context: {cluster: fake, user: fake, namespace: %s}
                    current-context: fake
                    """.formatted(server.getAddress().getPort(), namespace));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** false: every lookup answers nothing (404), as without a cluster under helm template. */
    FakeCluster reachable(boolean reachable) {
        this.reachable = reachable;
        return this;
    }

    /** A Secret in the namespace, with its data (plain values). */
    FakeCluster secret(String name, Map<String, String> data) {
        secrets.put(name, Map.copyOf(data));
        return this;
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String secretsPath = "/api/v1/namespaces/" + namespace + "/secrets";
        if (path.equals("/api")) {
            send(exchange, 200, """
                    {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": []}""");
        } else if (path.equals("/apis")) {
            send(exchange, 200, """
                    {"kind": "APIGroupList", "apiVersion": "v1", "groups": []}""");
        } else if (path.equals("/api/v1")) {
            send(exchange, 200, """
                    {"kind": "APIResourceList", "groupVersion": "v1", "resources": [
                      {"name": "secrets", "singularName": "secret", "namespaced": true, "kind": "Secret",
                       "verbs": ["get", "list"]}]}""");
        } else if (reachable && path.equals(secretsPath)) {
            send(exchange, 200, "{\"apiVersion\": \"v1\", \"kind\": \"SecretList\", \"metadata\": {}, \"items\": ["
                    + secrets.keySet().stream().map(this::json).collect(Collectors.joining(", ")) + "]}");
        } else if (reachable && path.startsWith(secretsPath + "/") && secrets.containsKey(path.substring(secretsPath.length() + 1))) {
            send(exchange, 200, json(path.substring(secretsPath.length() + 1)));
        } else {
            send(exchange, 404, """
                    {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404}""");
        }
    }

    private String json(String name) {
        String data = secrets.get(name).entrySet().stream().map(e -> "\"" + e.getKey() + "\": \""
                + Base64.getEncoder().encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8)) + "\"")
                .collect(Collectors.joining(", "));
        return "{\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"metadata\": {\"name\": \"" + name + "\", \"namespace\": \""
                + namespace + "\"}, \"type\": \"Opaque\", \"data\": {" + data + "}}";
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        try {
            Files.deleteIfExists(KUBECONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
