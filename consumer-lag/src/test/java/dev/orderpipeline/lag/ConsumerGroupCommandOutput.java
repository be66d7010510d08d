package dev.orderpipeline.lag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;

/**
 * Kafka's own {@code kafka-consumer-groups.sh --describe --group G} (ConsumerGroupCommand), run as its
 * own JVM from this test's classpath, exactly as an operator runs it; its table parsed per partition.
 */
final class ConsumerGroupCommandOutput {

    record Row(String topic, int partition, long currentOffset, long logEndOffset, long lag) {
    }

    private ConsumerGroupCommandOutput() {
    }

    static Map<TopicPartition, Row> describe(String bootstrap, String group) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(dev.orderpipeline.testkit.JavaProcess.javaBinary(), "-cp",
                System.getProperty("java.class.path"), "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand",
                "--bootstrap-server", bootstrap, "--describe", "--group", group));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("ConsumerGroupCommand did not finish in 60 s");
        }
        String text = out.join();
        if (p.exitValue() != 0) {
            throw new IllegalStateException("ConsumerGroupCommand exited " + p.exitValue() + ":\n" + text);
        }
        Map<TopicPartition, Row> rows = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        for (String line : text.lines().toList()) {
            String[] cols = line.trim().split("\\s+");
            // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
            if (cols.length >= 6 && cols[0].equals(group) && cols[2].matches("\\d+") && cols[3].matches("\\d+")) {
                Row row = new Row(cols[1], Integer.parseInt(cols[2]), Long.parseLong(cols[3]), Long.parseLong(cols[4]),
                        Long.parseLong(cols[5]));
                rows.put(new TopicPartition(row.topic(), row.partition()), row);
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException("no partition rows in ConsumerGroupCommand's output:\n" + text);
        }
        return rows;
    }
}
