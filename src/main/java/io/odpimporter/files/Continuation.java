package io.odpimporter.files;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where the next page of {@code GET /files} starts, opaque to callers (docs/operations.md, "Files"): either the
 * container listing's continuation token (the listing drives the page) or the last ledger key returned (a filter of
 * ledger states only pages through the ledger by key). Encoded as base64url of {@code L:<token>} or {@code K:<key>},
 * so names with any character travel safely in a query parameter.
 *
 * @param ledger whether it continues a page through the ledger (else through the container listing)
 * @param value  the ledger key returned last, or Azure's continuation token
 */
public record Continuation(boolean ledger, String value) {

    private static final String LEDGER = "K:";
    private static final String LISTING = "L:";

    /** @return the continuation after a ledger page whose last key is {@code lastKey} */
    public static Continuation afterKey(String lastKey) {
        return new Continuation(true, lastKey);
    }

    /** @return the continuation of a container listing's token */
    public static Continuation listing(String token) {
        return new Continuation(false, token);
    }

    /** @return the opaque form */
    public String encode() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(((ledger ? LEDGER : LISTING) + value).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param opaque what {@link #encode()} returned
     * @return the continuation it encodes
     * @throws IllegalArgumentException if it is not one
     */
    public static Continuation decode(String opaque) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(opaque), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a continuation this API returned");
        }
        if (text.length() > LEDGER.length() && text.startsWith(LEDGER)) {
            return afterKey(text.substring(LEDGER.length()));
        }
        if (text.length() > LISTING.length() && text.startsWith(LISTING)) {
            return listing(text.substring(LISTING.length()));
        }
        throw new IllegalArgumentException("not a continuation this API returned");
    }
}
