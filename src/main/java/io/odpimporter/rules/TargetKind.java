package io.odpimporter.rules;

/** What a rule's records become in ODP. */
public enum TargetKind {
    /** Objects of one object type, upserted by primary key ({@code POST /v3/objects/{type}}). */
    OBJECTS,
    /** Events ({@code POST /v3/events}). */
    EVENTS
}
