package io.odpimporter.rules;

import io.odpimporter.domain.ProblemKind;

/**
 * A record that cannot be imported, with the reason (parked as INVALID_RECORD, the rest of the file flows) and the kind
 * of problem a dry run's report counts it under ({@link ProblemKind#INVALID_RECORD} unless the thrower knows better).
 */
public class InvalidRecordException extends Exception {

    private final ProblemKind kind;
    private final String field;

    public InvalidRecordException(String reason) {
        this(ProblemKind.INVALID_RECORD, null, reason);
    }

    /**
     * @param kind   the kind of problem
     * @param field  the field or column concerned, null if none
     * @param reason why
     */
    public InvalidRecordException(ProblemKind kind, String field, String reason) {
        super(reason);
        this.kind = kind;
        this.field = field;
    }

    /** @return the kind of problem */
    public ProblemKind kind() {
        return kind;
    }

    /** @return the field or column concerned, null if none */
    public String field() {
        return field;
    }
}
