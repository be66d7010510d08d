package dev.orderpipeline.runtime.restore;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param replay        start as after a restore of the worker's database from a backup ({@link RestoreReplay})
 * @param pointInterval how often the worker's {@link RestorePoint} is written
 */
@ConfigurationProperties("pipeline.restore")
public record RestoreProperties(@DefaultValue("false") boolean replay, @DefaultValue("30s") Duration pointInterval) {
}
