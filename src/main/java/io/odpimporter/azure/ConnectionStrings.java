package io.odpimporter.azure;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a storage connection string's shape without ever putting its value (which holds an account key or a
 * SAS) into a message. Shapes: https://learn.microsoft.com/azure/storage/common/storage-configure-connection-string
 */
public final class ConnectionStrings {

    static final String KEY = "importer.azure.connection-string";

    private ConnectionStrings() {}

    /**
     * @param value the connection string
     * @return its settings, keys lower-cased
     * @throws IllegalArgumentException naming {@value #KEY} and what is wrong, never the value
     */
    public static Map<String, String> parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(KEY + " is empty");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String part : value.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(KEY + " is malformed: expected Name=Value pairs separated by ';'");
            }
            String name = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String setting = part.substring(eq + 1).trim();
            if (!setting.isEmpty()) {
                settings.put(name, setting);
            }
        }
        boolean accountKey = settings.containsKey("accountname") && settings.containsKey("accountkey");
        boolean sas = settings.containsKey("sharedaccesssignature")
                && (settings.containsKey("blobendpoint") || settings.containsKey("accountname"));
        if (!accountKey && !sas) {
            throw new IllegalArgumentException(KEY + " is malformed: it needs AccountName and AccountKey, "
                    + "or BlobEndpoint and SharedAccessSignature (settings found: " + settings.keySet() + ")");
        }
        return settings;
    }
}
