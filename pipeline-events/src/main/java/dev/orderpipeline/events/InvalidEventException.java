package dev.orderpipeline.events;

/** The bytes of a record are not a valid event of this contract: a poison record. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
