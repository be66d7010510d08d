package dev.orderpipeline.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real Apache Kafka broker in KRaft combined mode (broker and controller in one process), started
 * from the Kafka jars on this JVM's classpath, with its data in {@code dataDir} so a restart keeps
 * the topics and offsets. Listens on 127.0.0.1 only.
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final String classpath;
    private final List<String> jvmOptions;
    private final JavaProcess process;

    /** A broker for a test: its JVM compiles with C1 only, which starts quicker and serves a test's few requests. */
    public KafkaBroker(Path dataDir, int port, int controllerPort, Path logFile) {
        this(dataDir, port, controllerPort, logFile, JavaProcess.currentClasspath(), JvmOptions.SHORT_LIVED);
    }

    /** @param jvmOptions how the broker's JVM compiles and collects (see {@link JvmOptions}) */
    public KafkaBroker(Path dataDir, int port, int controllerPort, Path logFile, String classpath,
                       List<String> jvmOptions) {
        this(dataDir, port, controllerPort, logFile, classpath, jvmOptions, List.of());
    }

    /**
     * @param brokerOptions more options for the broker's JVM only, not for the storage tool's that
     *                      formats the data directory (e.g. its {@link AotCache})
     */
    public KafkaBroker(Path dataDir, int port, int controllerPort, Path logFile, String classpath,
                       List<String> jvmOptions, List<String> brokerOptions) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
        this.classpath = classpath;
        this.jvmOptions = new ArrayList<>(List.of("-Xms256m", "-Xmx1g", "-XX:+ExitOnOutOfMemoryError",
                "-Dlog4j2.configurationFile=classpath:kafka-broker-log4j2.properties",
                "-Dlogback.configurationFile=kafka-broker-logback.xml"));
        this.jvmOptions.addAll(jvmOptions);
        List<String> brokerJvm = new ArrayList<>(this.jvmOptions);
        brokerJvm.addAll(brokerOptions);
        this.process = new JavaProcess("kafka", brokerJvm, List.of("-cp", classpath, "kafka.Kafka",
                serverProperties().toString()), Map.of(), logFile);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public KafkaBroker start() {
        writeConfiguration();
        if (!Files.exists(dataDir.resolve("logs/meta.properties"))) {
            new JavaProcess("kafka-storage-format", jvmOptions, List.of("-cp", classpath, "kafka.tools.StorageTool",
                    "format", "-t", clusterId(), "-c", serverProperties().toString()), Map.of(),
                    process.logFile()).runToCompletion(Duration.ofSeconds(60));
        }
        process.start();
        process.awaitReady(this::answers, Duration.ofMinutes(3));
        return this;
    }

    public void stop() {
        stop(Duration.ofSeconds(30));
    }

    /** SIGTERM, then SIGKILL if the broker has not exited after {@code grace}. */
    public void stop(Duration grace) {
        process.stop(grace);
    }

    /** SIGTERM without waiting; {@link #stop()} then waits for the exit. */
    public void terminate() {
        process.terminate();
    }

    public void kill() {
        process.kill();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The broker's process id while it runs; -1 when it does not. */
    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return process.logFile();
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
    }

    @Override
    public void close() {
        stop();
    }

    private boolean answers() {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Like the services of the local stack: C1 and the serial collector, since this broker shares the machine. */

    private Path serverProperties() {
        return dataDir.resolve("server.properties");
    }

    private String clusterId() {
        // A cluster id is 16 bytes, base64url without padding; derive it from the data dir so it is
        // stable. Like Kafka's own Uuid.randomUuid, never one that starts with '-': the storage
        // tool's argument parser would take it for an option ("--cluster-id/-t: expected one argument").
        for (int salt = 0; ; salt++) {
            UUID uuid = UUID.nameUUIDFromBytes((dataDir + (salt == 0 ? "" : "#" + salt))
                    .getBytes(StandardCharsets.UTF_8));
            ByteBuffer bytes = ByteBuffer.allocate(16);
            bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private void writeConfiguration() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dataDir.resolve("logs").toString());
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.partitions", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "12");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "12");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms", "5000");
        // e.g. KAFKA_BROKER_PROPERTIES="num.io.threads=4,num.network.threads=2", to try a setting
        for (String pair : System.getenv().getOrDefault("KAFKA_BROKER_PROPERTIES", "").split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                p.setProperty(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }

        try {
            Files.createDirectories(dataDir);
            try (var out = Files.newBufferedWriter(serverProperties())) {
                p.store(out, "written by " + KafkaBroker.class.getName());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + serverProperties(), e);
        }
    }
}
