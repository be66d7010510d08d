package dev.orderpipeline.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A record component readers must do without: an event may carry null or leave it out, and the
 * record's constructor gives it a default. Every other component is required in the event's JSON
 * Schema ({@code contracts/events}); a component added to an existing schema version must carry
 * this annotation, because events of older producers lack it (docs/contracts.md).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface OptionalField {
}
