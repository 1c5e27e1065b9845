package io.odpimporter.rules;

/** ODP's field types a value is converted to (docs/configuration.md, "Conversions"). */
public enum FieldType {
    STRING,
    NUMBER,
    BOOLEAN,
    TIMESTAMP
}
