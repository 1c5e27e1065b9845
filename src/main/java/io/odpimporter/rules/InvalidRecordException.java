package io.odpimporter.rules;

/** A record that cannot be imported, with the reason (parked as INVALID_RECORD, the rest of the file flows). */
public class InvalidRecordException extends Exception {
    public InvalidRecordException(String reason) {
        super(reason);
    }
}
