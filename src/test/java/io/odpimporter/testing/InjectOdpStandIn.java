package io.odpimporter.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Injects the ODP stand-in ({@code WireMockServer}) or its schema ({@code OdpSchemaStandIn}) into a test field. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectOdpStandIn {}
