package io.odpimporter.logging;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Removes secrets from text that is about to be logged: every configured secret value ({@link SecretValues}) in its
 * plain, URL-encoded, JSON-escaped and base64 forms (base64 at any position inside longer base64, e.g. an HTTP
 * Basic header's {@code user:password}), the values of secret-looking query or {@code Name=value} parameters
 * ({@code secret=}, {@code sig=}, {@code token=}, {@code AccountKey=}, ...), the credentials of an
 * {@code Authorization} header, and compact JWTs. Each is replaced by {@value #MARKER}.
 *
 * <p>Values shorter than {@value #MIN_SECRET_LENGTH} characters are not searched for: they would match ordinary
 * words and numbers all over the log (and are too weak to be secrets).
 *
 * <p>Immutable and thread-safe.
 */
public final class Redactor {

    /** What replaces a secret. */
    public static final String MARKER = "<redacted>";
    /** Shortest configured value that is searched for. */
    public static final int MIN_SECRET_LENGTH = 6;
    /** Parameters whose values are secret wherever they appear as {@code name=value} (case-insensitive). */
    static final List<String> SECRET_PARAMETERS = List.of(
            "secret",
            "sig",
            "token",
            "access_token",
            "api-key",
            "api_key",
            "apikey",
            "password",
            "client_secret",
            "accountkey",
            "sharedaccesssignature",
            "sharedaccesskey");

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "(?i)(authorization[\"']?\\s*[:=]\\s*[\"']?\\s*(?:basic|bearer|sharedkey|sharedaccesssignature)\\s+)"
                    + "(?!" + Pattern.quote(MARKER) + ")[^\\s\"',;\\]}]+");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{6,}\\.[A-Za-z0-9_-]{6,}(\\.[A-Za-z0-9_-]*)?");

    private final List<String> needles;
    private final Pattern parameters;

    /**
     * @param secrets              configured secret values (shorter than {@value #MIN_SECRET_LENGTH} ignored)
     * @param secretParameterNames further parameter names whose values are secret (e.g. the webhook's query
     *                             parameter), besides {@link #SECRET_PARAMETERS}
     */
    public Redactor(Collection<String> secrets, Collection<String> secretParameterNames) {
        Set<String> forms = new LinkedHashSet<>();
        for (String secret : secrets) {
            if (secret != null && secret.length() >= MIN_SECRET_LENGTH) {
                forms.addAll(formsOf(secret));
            }
        }
        forms.removeIf(form -> form.length() < MIN_SECRET_LENGTH);
        // longest first: a secret containing another is replaced whole
        this.needles = forms.stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        Set<String> names = new LinkedHashSet<>(SECRET_PARAMETERS);
        secretParameterNames.stream()
                .filter(n -> n != null && !n.isBlank())
                .map(n -> n.toLowerCase(Locale.ROOT))
                .forEach(names::add);
        this.parameters = Pattern.compile("(?i)(?<![A-Za-z0-9])("
                + names.stream().map(Pattern::quote).collect(Collectors.joining("|"))
                + ")(=[\"']?)(?!" + Pattern.quote(MARKER) + ")[^&\\s\"'#<>,;)\\]}]+");
    }

    /** @return how many strings are searched for (each secret's forms) */
    int needleCount() {
        return needles.size();
    }

    /** @return {@code text} without any secret, or {@code text} itself if it held none */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String needle : needles) {
            if (out.contains(needle)) {
                out = out.replace(needle, MARKER);
            }
        }
        if (out.indexOf('=') >= 0) {
            out = replace(parameters, out, "$1$2" + MARKER);
        }
        if (out.toLowerCase(Locale.ROOT).contains("authorization")) {
            out = replace(AUTHORIZATION, out, "$1" + MARKER);
        }
        if (out.contains("eyJ")) {
            out = replace(JWT, out, MARKER);
        }
        return out;
    }

    /**
     * @return {@code thrown} itself if no message in its cause chain (and suppressed exceptions) holds a secret,
     *         else a copy of the chain whose messages are redacted: each {@link RedactedException} keeps the
     *         original's stack trace and says its class
     */
    public Throwable redact(Throwable thrown) {
        if (thrown == null || !holdsSecret(thrown, new IdentityHashMap<>())) {
            return thrown;
        }
        return copy(thrown, new IdentityHashMap<>());
    }

    private boolean holdsSecret(Throwable t, Map<Throwable, Boolean> seen) {
        if (t == null || seen.put(t, Boolean.TRUE) != null) {
            return false;
        }
        String text = String.valueOf(t);
        if (!redact(text).equals(text)) {
            return true;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            if (holdsSecret(suppressed, seen)) {
                return true;
            }
        }
        return holdsSecret(t.getCause(), seen);
    }

    private Throwable copy(Throwable t, Map<Throwable, Throwable> copies) {
        Throwable done = copies.get(t);
        if (done != null) {
            return done;
        }
        RedactedException copy = new RedactedException(redact(String.valueOf(t)));
        copies.put(t, copy);
        copy.setStackTrace(t.getStackTrace());
        Throwable cause = t.getCause();
        if (cause != null && cause != t) {
            copy.initCause(copy(cause, copies));
        }
        for (Throwable suppressed : t.getSuppressed()) {
            copy.addSuppressed(copy(suppressed, copies));
        }
        return copy;
    }

    private static String replace(Pattern pattern, String text, String replacement) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.replaceAll(replacement) : text;
    }

    /** @return the forms in which {@code secret} may appear in a log line */
    static Set<String> formsOf(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        forms.add(form);
        forms.add(form.replace("+", "%20"));
        forms.add(lowerCaseEscapes(form));
        forms.add(secret.replace("\\", "\\\\").replace("\"", "\\\""));
        forms.addAll(base64Cores(secret.getBytes(StandardCharsets.UTF_8)));
        return forms;
    }

    /**
     * The parts of the base64 encoding of {@code bytes} that are the same wherever the bytes sit in a longer
     * encoded string: one per alignment (offset mod 3), in the standard and the URL-safe alphabet. A log line
     * holding base64 of anything containing the secret (e.g. {@code Basic base64(user:password)}) holds one.
     */
    static List<String> base64Cores(byte[] bytes) {
        List<String> cores = new ArrayList<>();
        for (int offset = 0; offset < 3; offset++) {
            byte[] shifted = new byte[offset + bytes.length];
            System.arraycopy(bytes, 0, shifted, offset, bytes.length);
            String encoded = Base64.getEncoder().withoutPadding().encodeToString(shifted);
            int start = (offset * 8 + 5) / 6;
            int end = shifted.length * 8 / 6;
            if (end - start >= MIN_SECRET_LENGTH) {
                String core = encoded.substring(start, end);
                cores.add(core);
                cores.add(core.replace('+', '-').replace('/', '_'));
            }
        }
        return cores;
    }

    private static String lowerCaseEscapes(String encoded) {
        Matcher m = Pattern.compile("%[0-9A-F]{2}").matcher(encoded);
        return m.replaceAll(r -> r.group().toLowerCase(Locale.ROOT));
    }

    /**
     * Stands in for an exception whose message (or a cause's) held a secret: its message is the original's
     * {@code toString()} (class and message) with the secrets removed, its stack trace the original's.
     */
    public static final class RedactedException extends RuntimeException {
        RedactedException(String originalWithoutSecrets) {
            super(originalWithoutSecrets);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
