package io.odpimporter.logging;

import org.eclipse.microprofile.config.Config;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which configuration values are secrets, found by the shape of their keys (in any source: properties, system
 * properties, environment variables, with or without a profile), never by a list of values:
 * <ul>
 *   <li>keys whose last part is a password, secret(s), API/access/account/private key, SAS or token, e.g.
 *       {@code importer.webhook.secrets} (each comma-separated value), {@code importer.odp.api-key},
 *       {@code importer.azure.client-secret}, {@code quarkus.oidc.credentials.secret},
 *       {@code quarkus.oidc.credentials.client-secret.value}, {@code kafka.ssl.key.password};</li>
 *   <li>every {@code quarkus.security.users.embedded.users.<name>} (a user's password, and the
 *       {@code <name>:<password>} an HTTP Basic header encodes);</li>
 *   <li>a {@code *.connection-string}'s {@code AccountKey}, {@code SharedAccessKey} and
 *       {@code SharedAccessSignature} (and its {@code sig}), and the whole string;</li>
 *   <li>a {@code *.jaas.config}'s quoted password, secret or token options (Kafka SASL), and the whole value;</li>
 *   <li>{@code importer.activity.notify-url} whole, its query values and its long path segments (chat webhooks
 *       carry their token in either), and the password of any {@code *.url}'s {@code user:password@}.</li>
 * </ul>
 */
public final class SecretValues {

    static final String USERS = "quarkus.security.users.embedded.users.";
    /** Path segments of the notification URL this long are taken for tokens (chat webhooks' ids are longer). */
    static final int TOKEN_SEGMENT_LENGTH = 16;

    private static final Pattern SECRET_KEY = Pattern.compile("(^|\\.)(password|passwd|passphrase|secret|secrets"
            + "|api\\.key|apikey|access\\.key|account\\.key|private\\.key|secret\\.key|signing\\.key|sas|sas\\.token"
            + "|token|access\\.token|refresh\\.token|client\\.secret\\.value)$");
    private static final Pattern CONNECTION_STRING = Pattern.compile("(^|\\.)connection\\.string$");
    private static final Pattern JAAS = Pattern.compile("(^|\\.)jaas\\.config$");
    private static final Pattern NOTIFY_URL = Pattern.compile("(^|\\.)notify\\.url$");
    private static final Pattern URL_KEY = Pattern.compile("(^|\\.)(url|uri|endpoint)$");
    private static final Pattern JAAS_OPTION =
            Pattern.compile("(?i)\\b\\w*(?:password|secret|token)\\w*\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern SAS_SIGNATURE = Pattern.compile("(?i)(?:^|[?&])sig=([^&;]+)");

    private SecretValues() {}

    /**
     * @return a redactor of every secret value in {@code config}, and of the webhook's secret query parameter
     *         ({@code importer.webhook.secret-parameter})
     */
    public static Redactor redactorOf(Config config) {
        Set<String> secrets = new LinkedHashSet<>();
        for (String key : config.getPropertyNames()) {
            if (!mayHoldSecret(key)) {
                continue;
            }
            try {
                config.getOptionalValue(key, String.class).ifPresent(value -> secrets.addAll(of(key, value)));
            } catch (RuntimeException e) {
                // an expression that cannot be expanded (e.g. ${VAR} unset): no value, nothing to hide
            }
        }
        List<String> parameters = new ArrayList<>();
        try {
            config.getOptionalValue("importer.webhook.secret-parameter", String.class)
                    .ifPresent(parameters::add);
        } catch (RuntimeException e) {
            // left to the configuration's own validation
        }
        return new Redactor(secrets, parameters);
    }

    /**
     * @return the keys of {@code config} holding a secret shorter than {@link Redactor#MIN_SECRET_LENGTH} characters:
     *         it is not taken out of log lines (it would match ordinary words), so the service warns at start-up. Only
     *         keys whose whole value (or each comma-separated value) is a secret: passwords, secrets, keys, tokens
     */
    public static List<String> tooShortToRedact(Config config) {
        List<String> keys = new ArrayList<>();
        for (String key : config.getPropertyNames()) {
            String k = normalize(key);
            if (!k.startsWith(USERS) && !SECRET_KEY.matcher(k).find()) {
                continue;
            }
            try {
                config.getOptionalValue(key, String.class)
                        .filter(value -> of(key, value).stream().anyMatch(s -> s.length() < Redactor.MIN_SECRET_LENGTH))
                        .ifPresent(value -> keys.add(key));
            } catch (RuntimeException e) {
                // an expression that cannot be expanded: no value
            }
        }
        return keys;
    }

    /** @return whether the value of {@code key} may hold a secret ({@link #of} says which part) */
    static boolean mayHoldSecret(String key) {
        String k = normalize(key);
        return k.startsWith(USERS)
                || SECRET_KEY.matcher(k).find()
                || CONNECTION_STRING.matcher(k).find()
                || JAAS.matcher(k).find()
                || URL_KEY.matcher(k).find();
    }

    /** @return the secret values held by {@code key=value} (empty if none) */
    static List<String> of(String key, String value) {
        List<String> secrets = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return secrets;
        }
        String k = normalize(key);
        if (k.startsWith(USERS)) {
            secrets.add(value);
            secrets.add(userName(key) + ":" + value);
        } else if (CONNECTION_STRING.matcher(k).find()) {
            secrets.add(value);
            connectionStringSecrets(value, secrets);
        } else if (JAAS.matcher(k).find()) {
            secrets.add(value);
            Matcher option = JAAS_OPTION.matcher(value);
            while (option.find()) {
                secrets.add(option.group(1));
            }
        } else if (NOTIFY_URL.matcher(k).find()) {
            secrets.add(value);
            urlSecrets(value, true, secrets);
        } else if (SECRET_KEY.matcher(k).find()) {
            secrets.add(value);
            if (value.contains(",")) {
                for (String one : value.split(",")) {
                    secrets.add(one.trim());
                }
            }
        } else if (URL_KEY.matcher(k).find()) {
            urlSecrets(value, false, secrets);
        }
        secrets.removeIf(String::isBlank);
        return secrets;
    }

    private static void connectionStringSecrets(String value, List<String> secrets) {
        for (String part : value.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String setting = part.substring(eq + 1).trim();
            if (name.equals("accountkey") || name.equals("sharedaccesskey")) {
                secrets.add(setting);
            } else if (name.equals("sharedaccesssignature")) {
                secrets.add(setting);
                Matcher sig = SAS_SIGNATURE.matcher(setting);
                if (sig.find()) {
                    secrets.add(sig.group(1));
                }
            }
        }
    }

    /** The password of {@code user:password@}; with {@code tokens}, also query values and long path segments. */
    private static void urlSecrets(String value, boolean tokens, List<String> secrets) {
        URI uri;
        try {
            uri = URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            return;
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && userInfo.contains(":")) {
            secrets.add(userInfo.substring(userInfo.indexOf(':') + 1));
        }
        if (!tokens) {
            return;
        }
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq >= 0) {
                    secrets.add(pair.substring(eq + 1));
                }
            }
        }
        if (uri.getRawPath() != null) {
            for (String segment : uri.getRawPath().split("/")) {
                if (segment.length() >= TOKEN_SEGMENT_LENGTH) {
                    secrets.add(segment);
                }
            }
        }
    }

    private static String userName(String key) {
        String raw = withoutProfile(key);
        String name = raw.regionMatches(true, 0, USERS, 0, USERS.length()) && raw.length() > USERS.length()
                ? raw.substring(USERS.length())
                : normalize(key).substring(USERS.length());
        return name.replace("\"", "");
    }

    /** Lower case, without a {@code %profile.} prefix, with {@code _}, {@code -} and quotes read as dots. */
    static String normalize(String key) {
        return withoutProfile(key)
                .toLowerCase(Locale.ROOT)
                .replaceAll("[_\\-\"]+", ".")
                .replaceAll("\\.{2,}", ".");
    }

    private static String withoutProfile(String key) {
        if (key.startsWith("%")) {
            int dot = key.indexOf('.');
            return dot < 0 ? key : key.substring(dot + 1);
        }
        return key;
    }
}
