package io.odpimporter.afterimport;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.options.BlobSetTagsOptions;
import io.odpimporter.azure.ConnectionStrings;
import io.odpimporter.config.ImporterConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the credential may do the after-import actions in use (docs/operations.md, "After the import"): with a SAS
 * connection string, its {@code sp} must hold each action's letters ({@code tag}: t; {@code move}: w and d;
 * {@code delete}: d); with an account key, every action may; with Entra ID, a harmless probe per action on a blob
 * name that does not exist (Set Blob Tags, Put Blob with If-Match, Delete Blob with If-Match): 403 means the
 * permission is missing, 404 or 412 that it is there.
 */
@ApplicationScoped
public class ActionPermissions {

    /** The blob name the probes use: under the failed prefix, never discovered, never created. */
    static final String PROBE_BLOB = ".odp-importer-permission-probe";

    private final BlobContainerClient container;
    private final AfterImportPolicy policy;
    private final ImporterConfig config;

    public ActionPermissions(BlobContainerClient container, AfterImportPolicy policy, ImporterConfig config) {
        this.container = container;
        this.policy = policy;
        this.config = config;
    }

    /** @return the actions in use (for the health output) */
    public Set<AfterImportAction> actionsInUse() {
        return policy.actionsInUse();
    }

    /** @return one line per action in use whose permission is missing: which action, which permission */
    public List<String> missing() {
        Set<AfterImportAction> actions = policy.actionsInUse();
        if (actions.isEmpty()) {
            return List.of();
        }
        Optional<Map<String, String>> connection =
                config.azure().connectionString().map(ConnectionStrings::parse);
        if (connection.isPresent()) {
            String sas = connection.get().get("sharedaccesssignature");
            return sas == null ? List.of() : missingInSas(actions, sas);
        }
        List<String> missing = new ArrayList<>();
        for (AfterImportAction action : actions) {
            if (refused(action)) {
                missing.add(message(action, "the credential was refused (HTTP 403) on a probe"));
            }
        }
        return missing;
    }

    /** @return the actions whose SAS letters the SAS's {@code sp} lacks, one line each */
    static List<String> missingInSas(Set<AfterImportAction> actions, String sas) {
        String sp = sasPermissions(sas);
        List<String> missing = new ArrayList<>();
        for (AfterImportAction action : actions) {
            String lacking = ActionFailures.sasLetters(action)
                    .chars()
                    .filter(c -> sp.indexOf(c) < 0)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                    .toString();
            if (!lacking.isEmpty()) {
                missing.add(message(
                        action,
                        "the SAS of importer.azure.connection-string has sp=" + sp + ", without "
                                + String.join(" and ", lacking.split(""))));
            }
        }
        return missing;
    }

    /** @return the {@code sp} (signed permissions) of a SAS query string, lower case; empty if absent */
    static String sasPermissions(String sas) {
        for (String part : (sas.startsWith("?") ? sas.substring(1) : sas).split("&")) {
            if (part.startsWith("sp=")) {
                return part.substring(3).toLowerCase(Locale.ROOT);
            }
        }
        return "";
    }

    private static String message(AfterImportAction action, String why) {
        return "after-import action " + action.wireName() + " needs " + ActionFailures.permission(action) + ": " + why;
    }

    /** @return whether Blob Storage refused a harmless request the action needs (403) */
    private boolean refused(AfterImportAction action) {
        BlobClient probe = container.getBlobClient(config.afterImport().failedPrefix() + PROBE_BLOB);
        BlobRequestConditions absent = new BlobRequestConditions().setIfMatch("\"0x0\"");
        Duration timeout = config.health().probeTimeout();
        try {
            switch (action) {
                case TAG ->
                    probe.setTagsWithResponse(
                            new BlobSetTagsOptions(Map.of()).setRequestConditions(absent), timeout, Context.NONE);
                case MOVE -> {
                    probe.uploadWithResponse(
                            new BlobParallelUploadOptions(BinaryData.fromString("")).setRequestConditions(absent),
                            timeout,
                            Context.NONE);
                    probe.deleteWithResponse(null, absent, timeout, Context.NONE);
                }
                case DELETE -> probe.deleteWithResponse(null, absent, timeout, Context.NONE);
                case NONE -> {
                    return false;
                }
            }
            return false;
        } catch (BlobStorageException e) {
            return e.getStatusCode() == 403;
        }
    }
}
