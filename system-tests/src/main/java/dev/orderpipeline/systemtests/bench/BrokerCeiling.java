package dev.orderpipeline.systemtests.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.orderpipeline.events.Topics;
import dev.orderpipeline.testkit.JavaProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The broker's raw ceiling on this machine: Kafka's own {@code ProducerPerformance}, in its own JVM,
 * against the same broker the pipeline uses, with the pipeline's producer settings (acks=all,
 * idempotent) and records the size of a pipeline event, on a topic with the pipeline's partition count.
 */
public final class BrokerCeiling {

    /** The summary line ProducerPerformance prints last. */
    private static final Pattern SUMMARY = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency"
                    + ", (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

    public record Result(long records, int recordSize, double recordsPerSecond, double megabytesPerSecond,
                         double avgLatencyMs, long p50Ms, long p99Ms) {
    }

    private BrokerCeiling() {
    }

    public static Result measure(String bootstrap, long records, int recordSize, Path log) {
        String topic = "benchmark.ceiling." + System.currentTimeMillis();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, Topics.PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not create " + topic, e);
        }
        JavaProcess perf = new JavaProcess("producer-performance", List.of("-Xmx512m"), List.of(
                "-cp", JavaProcess.currentClasspath(), "org.apache.kafka.tools.ProducerPerformance",
                "--topic", topic, "--num-records", String.valueOf(records), "--record-size", String.valueOf(recordSize),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all",
                "enable.idempotence=true", "linger.ms=5"), Map.of(), log);
        perf.runToCompletion(Duration.ofMinutes(10));
        try {
            return parse(Files.readString(log), records, recordSize);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Result parse(String output, long records, int recordSize) {
        Matcher m = SUMMARY.matcher(output);
        Result last = null;
        while (m.find()) {
            last = new Result(Long.parseLong(m.group(1)), recordSize, Double.parseDouble(m.group(2)),
                    Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)), Long.parseLong(m.group(6)),
                    Long.parseLong(m.group(8)));
        }
        if (last == null || last.records() != records) {
            throw new IllegalStateException("ProducerPerformance did not finish its " + records + " records:\n" + output);
        }
        return last;
    }
}
