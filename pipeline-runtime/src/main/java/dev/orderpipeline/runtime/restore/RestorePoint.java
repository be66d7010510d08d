package dev.orderpipeline.runtime.restore;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.TopicPartition;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * {@code restore_points} in a worker's database: where its consumer group had committed when the
 * document was written, and how far its output topic went then. Everything before {@code consumed}
 * was written to MongoDB before that moment, so a backup taken later holds it; everything the
 * worker decided after {@code produced} may be missing from such a backup.
 *
 * @param group    the worker's consumer group
 * @param consumed the group's committed offset of each partition of its input topics
 * @param produced the end offset of each partition of the worker's output topic
 */
@Document(RestorePoint.COLLECTION)
public record RestorePoint(@Id String group, Instant at, List<Position> consumed, List<Position> produced) {

    public static final String COLLECTION = "restore_points";

    public record Position(String topic, int partition, long offset) {

        TopicPartition topicPartition() {
            return new TopicPartition(topic, partition);
        }
    }

    public RestorePoint {
        consumed = consumed == null ? List.of() : List.copyOf(consumed);
        produced = produced == null ? List.of() : List.copyOf(produced);
    }

    Map<TopicPartition, Long> consumedOffsets() {
        return offsets(consumed);
    }

    Map<TopicPartition, Long> producedOffsets() {
        return offsets(produced);
    }

    private static Map<TopicPartition, Long> offsets(List<Position> positions) {
        return positions.stream().collect(Collectors.toMap(Position::topicPartition, Position::offset));
    }
}
