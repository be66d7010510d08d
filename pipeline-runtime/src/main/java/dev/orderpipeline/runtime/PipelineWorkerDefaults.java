package dev.orderpipeline.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The configuration every worker shares ({@code worker-defaults.yaml} beside this class: Kafka's
 * consumer and listener, MongoDB, the actuator and tracing), added to the environment of an
 * application marked {@link PipelineWorker} with the lowest precedence: a worker's own
 * application.yaml, its environment variables and its arguments each override any of it, and
 * Spring's {@code defaultProperties} stay last.
 */
public class PipelineWorkerDefaults implements EnvironmentPostProcessor {

    static final String NAME = "pipelineWorkerDefaults";
    private static final ClassPathResource DEFAULTS = new ClassPathResource("worker-defaults.yaml",
            PipelineWorkerDefaults.class);

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean worker = application.getAllSources().stream().anyMatch(source -> source instanceof Class<?> type
                && AnnotatedElementUtils.hasAnnotation(type, PipelineWorker.class));
        if (worker && !environment.getPropertySources().contains(NAME)) {
            environment.getPropertySources().addLast(load());
            DefaultPropertiesPropertySource.moveToEnd(environment);
        }
    }

    private static PropertySource<?> load() {
        try {
            return new YamlPropertySourceLoader().load(NAME, DEFAULTS).getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
