package dev.orderpipeline.storefront;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.orderpipeline.testkit.spring.PipelineServiceConnections;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * What the storefront's Spring Boot tests run against (one context for all of them): a real broker
 * and a MongoDB endpoint ({@link PipelineServiceConnections}), and a record of every MongoDB command
 * the storefront sends, to see which requests read MongoDB.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(PipelineServiceConnections.class)
public class StorefrontTestStack {

    @Bean
    MongoCommands mongoCommands() {
        return new MongoCommands();
    }

    @Bean
    MongoClientSettingsBuilderCustomizer recordMongoCommands(MongoCommands commands) {
        return settings -> settings.addCommandListener(commands);
    }

    /** The commands the storefront's MongoDB client started, in order, with the thread that sent each. */
    public static final class MongoCommands implements CommandListener {

        private static final Set<String> READS = Set.of("find", "getMore", "count", "aggregate", "distinct");

        public record Command(String database, String name, String thread) {
        }

        private final List<Command> started = new CopyOnWriteArrayList<>();

        @Override
        public void commandStarted(CommandStartedEvent event) {
            started.add(new Command(event.getDatabaseName(), event.getCommandName(), Thread.currentThread().getName()));
        }

        /** A point in the record, for {@link #readsSince}. */
        public int mark() {
            return started.size();
        }

        /** The reads sent since {@code mark}, but the catalog view's own refresh in the background. */
        public List<Command> readsSince(int mark) {
            return started.subList(mark, started.size()).stream()
                    .filter(command -> READS.contains(command.name()) && !command.thread().equals("catalog-refresh"))
                    .toList();
        }
    }
}
