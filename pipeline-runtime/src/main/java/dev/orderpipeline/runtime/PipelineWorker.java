package dev.orderpipeline.runtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the application class of a worker of the pipeline: its environment gets the settings every
 * worker shares ({@link PipelineWorkerDefaults}), below everything the worker and its deployment say.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PipelineWorker {
}
