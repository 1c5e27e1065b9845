/**
 * What travels on the topics: every topic value ({@code FileDiscovered}, {@code StoreRecord}, {@code LedgerEntry},
 * {@code ProgressMark}, {@code RunEvent}, {@code LockEvent}, {@code DeadLetter}, {@code ActivityEntry},
 * {@code RunLogLine}) and header ({@link RecordHeaders}) type, and the identity they share
 * ({@link BlobVersion}), with the rule a file was imported with ({@link RuleRef}, one string form on every topic). {@code io.odpimporter.kafka} keeps only the plumbing that moves them.
 *
 * <p><b>Rolling upgrades.</b> Replicas of two releases read each other's values during an upgrade, in both
 * directions:
 * <ul>
 *   <li>Every value keeps its {@code schemaVersion}; a newer, unknown version is parked or skipped, never crashed on.
 *   </li>
 *   <li>A new field is optional, absent (null) by default, and then not written
 *   ({@code @JsonInclude(NON_NULL)} on the field): what new code writes for what old code wrote is JSON-equal to it.
 *   An older replica ignores a field it does not know (the mapper does not fail on unknown properties).</li>
 *   <li>A new enum value on the wire (a state, a kind) is introduced in two releases: the first reads it and writes
 *   it nowhere; only a later one writes it, once no replica older than the first runs. Jackson refuses an unknown
 *   enum value, so an older replica would treat the whole value as unreadable.</li>
 *   <li>A value is never written as JSON from a type's derived methods ({@code key()}, {@code version()}): only the
 *   record components are on the wire.</li>
 * </ul>
 * Every type Jackson reads or writes here is registered for reflection ({@code config.NativeReflection}).
 */
package io.odpimporter.domain;
