package io.odpimporter.webhook;

import java.util.Locale;

/** What became of one webhook event: the {@code outcome} tag of {@code odp.importer.webhook.events}. */
enum WebhookOutcome {
    /** The first event of a blob version new to the ledger: its file event was published. */
    IMPORTED,
    /** A version already in the ledger, or named by an earlier event of the same delivery. */
    DUPLICATE,
    /** Not a new blob version of our storage ({@link BlobEventFilter}). */
    IGNORED,
    /** A new blob version no rule matches: recorded SKIPPED in the window's run, not published (docs: "Rules"). */
    SKIPPED,
    /** An event of a delivery refused with 400. */
    INVALID;

    /** @return the tag's value, e.g. {@code duplicate} */
    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
