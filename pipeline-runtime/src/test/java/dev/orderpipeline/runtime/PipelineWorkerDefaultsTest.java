package dev.orderpipeline.runtime;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** A worker's environment holds the shared worker settings below everything else; another application's does not. */
class PipelineWorkerDefaultsTest {

    @PipelineWorker
    static class AWorker {
    }

    static class NotAWorker {
    }

    @Test
    void aWorkerGetsTheSharedSettings() {
        ConfigurableEnvironment environment = WorkerEnvironment.of(AWorker.class, "--spring.application.name=a-worker",
                "--server.port=8089");

        Map<String, String> expected = WorkerEnvironment.expected("a-worker", 8089);
        assertThat(WorkerEnvironment.effective(environment, expected.keySet())).isEqualTo(expected);
    }

    @Test
    void everythingElseOverridesThem() {
        ConfigurableEnvironment environment = WorkerEnvironment.of(AWorker.class, "--spring.kafka.listener.concurrency=3",
                "--spring.kafka.consumer.group-id=another-group");

        assertThat(environment.getProperty("spring.kafka.listener.concurrency")).isEqualTo("3");
        assertThat(environment.getProperty("spring.kafka.consumer.group-id")).isEqualTo("another-group");
        List<String> sources = environment.getPropertySources().stream().map(PropertySource::getName).toList();
        assertThat(sources.indexOf(PipelineWorkerDefaults.NAME))
                .isGreaterThan(sources.indexOf("commandLineArgs"))
                .isGreaterThan(sources.indexOf(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME))
                .isGreaterThan(sources.indexOf(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME));
    }

    @Test
    void springsDefaultPropertiesStayBelowThem() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addLast(new MapPropertySource(DefaultPropertiesPropertySource.NAME,
                Map.of("spring.kafka.listener.type", "single")));

        new PipelineWorkerDefaults().postProcessEnvironment(environment, new SpringApplication(AWorker.class));

        assertThat(environment.getProperty("spring.kafka.listener.type")).isEqualTo("batch");
        assertThat(environment.getPropertySources().stream().map(PropertySource::getName).toList())
                .endsWith(PipelineWorkerDefaults.NAME, DefaultPropertiesPropertySource.NAME);
    }

    @Test
    void anotherApplicationDoesNot() {
        ConfigurableEnvironment environment = WorkerEnvironment.of(NotAWorker.class);

        assertThat(environment.getPropertySources().contains(PipelineWorkerDefaults.NAME)).isFalse();
        assertThat(environment.getProperty("spring.kafka.listener.type")).isNull();
    }
}
