package io.odpimporter.schema;

import io.odpimporter.rules.FieldType;

/**
 * One ODP field a target sends, as the schema must have it.
 *
 * @param name    the ODP field name (events: the name under {@code data}, e.g. {@code order_total})
 * @param type    its type
 * @param primary whether it is the object's primary key (objects only; set only when the object is created)
 */
public record SchemaField(String name, FieldType type, boolean primary) {}
