package dev.orderpipeline.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;

/**
 * A MongoDB wire-protocol endpoint from mongo-java-server, for machines where no {@code mongod}
 * can be installed. With a file, data survives restarts (H2 MVStore backend). It supports what the
 * pipeline uses (single-document atomic conditional updates, unique ids, queries) and not
 * multi-document transactions or change streams, which the pipeline does not use.
 */
public final class MongoEndpoint implements AutoCloseable {

    private final MongoServer server;
    private final InetSocketAddress address;

    private MongoEndpoint(MongoServer server, String host, int port) {
        this.server = server;
        server.bind(host, port);
        this.address = server.getLocalAddress();
    }

    public static MongoEndpoint onFile(Path file, int port) {
        return onFile(file, "127.0.0.1", port);
    }

    public static MongoEndpoint onFile(Path file, String host, int port) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new MongoEndpoint(new MongoServer(new StandInBackend(file.toAbsolutePath().toString())), host, port);
    }

    public String uri() {
        return "mongodb://127.0.0.1:" + address.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    /** Runs a file-backed endpoint as its own process: {@code MongoEndpoint <file> <port> [<bind address>]}. */
    public static void main(String[] args) throws InterruptedException {
        MongoEndpoint endpoint = onFile(Path.of(args[0]), args.length > 2 ? args[2] : "127.0.0.1",
                Integer.parseInt(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(endpoint.server::shutdownNow, "mongo-shutdown"));
        System.out.println("mongo-java-server (H2 file " + args[0] + ") listening on " + endpoint.uri());
        Thread.currentThread().join();
    }
}
