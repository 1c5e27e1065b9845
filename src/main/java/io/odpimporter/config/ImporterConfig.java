package io.odpimporter.config;

import io.odpimporter.afterimport.AfterImportAction;
import io.odpimporter.domain.ActivityEntry;
import io.odpimporter.domain.StoreHeaderLayout;
import io.odpimporter.odp.OdpUrls;
import io.odpimporter.rules.RuleConfig;
import io.odpimporter.schema.SchemaMode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.time.DurationMin;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Typed configuration of the service, every key under {@code importer.}. Validated at start-up
 * (Hibernate Validator): a bad value stops the service with a message naming the key and the
 * allowed values; secret values are never echoed.
 */
@ConfigMapping(prefix = "importer")
public interface ImporterConfig {

    /** The message of a duration that must be positive (the format is Quarkus': {@code 30s}, {@code 5m}, ISO-8601). */
    String POSITIVE_DURATION = "must be a positive duration, e.g. 30s, 500ms, 5m or P1D";
    /** The rule of a blob index tag name (Azure: 1-128 characters of letters, digits, space, + - . / : = _). */
    String TAG_NAME = "[A-Za-z0-9 +\\-./:=_]{1,128}";
    /** The message of a blob index tag name. */
    String TAG_MESSAGE = "must be a blob index tag name: 1-128 characters of a-z, A-Z, 0-9, space, '+', '-', '.', "
            + "'/', ':', '=' and '_', e.g. odp-import";
    /** The rule of a Kafka topic name. */
    String TOPIC_NAME = "[A-Za-z0-9._-]{1,249}";
    /** The message of a Kafka topic name. */
    String TOPIC_MESSAGE = "must be a Kafka topic name: 1-249 characters of a-z, A-Z, 0-9, '.', '_' and '-', "
            + "e.g. odp-importer.files";

    /** Azure Blob Storage: where the files are. */
    Azure azure();

    /** Optimizely Data Platform: where the records go. */
    Odp odp();

    /** Kafka topics the service owns and creates at start-up. */
    Topics topics();

    /** The catch-up sweep. */
    Sweep sweep();

    /** The file importer. */
    @WithName("file-import")
    FileImport fileImport();

    /** How files are read, by format (CSV dialect, gzip limits). */
    FormatsConfig formats();

    /**
     * The rules, in order: the first whose pattern matches a blob's name decides its format, its ODP target and its
     * field mapping (docs/configuration.md, "Rules"). Unset: every blob goes to {@code odp.object-type} with the
     * store mapping of {@code odp.fields}, as before rules existed.
     */
    Optional<List<@Valid RuleConfig>> rules();

    /** The batching sink. */
    Sink sink();

    /** What happens to a blob after its import (docs/operations.md, "After the import"). */
    @WithName("after-import")
    AfterImport afterImport();

    /** The ODP schema of the rules' targets: created, verified or left alone (docs/architecture.md, "Schema"). */
    Schema schema();

    /** Dry runs: a run that reads, maps and validates files and sends nothing (docs/operations.md, "Dry run"). */
    @WithName("dry-run")
    DryRun dryRun();

    interface Schema {
        /**
         * What is done about a target's ODP schema at start-up and on demand when its rule has no {@code schema}:
         * {@code create} what is missing, {@code verify} it (a mismatch pauses the sink), or {@code off}.
         */
        @WithDefault("verify")
        SchemaMode bootstrap();

        /** How often the schema is read again while a target's schema does not match (the sink waits meanwhile). */
        @WithDefault("30s")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration recheckEvery();
    }

    interface DryRun {
        /** Dry runs one replica runs at once; another one is refused (HTTP 429) until one ends. */
        @WithDefault("1")
        @Min(value = 1, message = "must be at least 1")
        int maxConcurrent();

        /** Examples a dry run's report keeps per kind of problem and file. */
        @WithDefault("5")
        @Min(value = 0, message = "must be at least 0")
        int examples();
    }

    interface AfterImport {
        /**
         * The action for blobs whose rule names none ({@code importer.rules[n].after-import}), and for every blob
         * without rules: {@code none} (default), {@code tag}, {@code move} or {@code delete}.
         */
        @WithDefault("none")
        AfterImportAction action();

        /** {@code tag}: the index tag saying {@code delivered} or {@code failed}. */
        @WithDefault("odp-import")
        @Pattern(regexp = TAG_NAME, message = TAG_MESSAGE)
        String tagName();

        /** {@code tag}: the index tag holding the run id that imported the version. */
        @WithDefault("odp-import-run")
        @Pattern(regexp = TAG_NAME, message = TAG_MESSAGE)
        String runTagName();

        /**
         * {@code move}: where a DELIVERED blob goes (its name appended, inside the same container). Blobs under it are
         * never discovered (sweep, webhook, trigger).
         */
        @WithDefault("processed/")
        @NotBlank
        String processedPrefix();

        /** {@code move}: where a FAILED blob goes. Blobs under it are never discovered either. */
        @WithDefault("failed/")
        @NotBlank
        String failedPrefix();

        /** How often the reconcile pass looks for versions whose action is due (after a restart too). */
        @WithDefault("15s")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration reconcileEvery();

        /** The first retry's delay after a failed action; doubled per attempt up to {@code retry-max}. */
        @WithDefault("10s")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration retryMin();

        /** The longest delay between two attempts of a failing action. */
        @WithDefault("15m")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration retryMax();

        /**
         * {@code move}: how long a server-side copy may stay {@code pending} before the attempt counts as failed (a copy
         * inside one storage account is usually done at once). Another replica takes a move over only after it.
         */
        @WithDefault("1m")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration copyTimeout();
    }

    /** Runs. */
    Runs runs();

    /** Health checks. */
    Health health();

    /** The activity log and its outbound notifications. */
    Activity activity();

    /** Per-run log lines ({@code GET /jobs/offline_store_import/runs/{id}/logs}). */
    @WithName("run-logs")
    RunLogs runLogs();

    /** Names this replica in run and lock records; default: host name plus a random suffix. */
    Optional<String> instanceId();

    /** Prefix of the consumer groups of the work channels ({@code -files}, {@code -stores}). */
    @WithDefault("odp-blob-importer")
    @NotBlank(message = "must not be blank, e.g. odp-blob-importer")
    String consumerGroup();

    /** The Azure Event Grid webhook ({@code Microsoft.Storage.BlobCreated} deliveries). */
    Webhook webhook();

    interface Webhook {
        /** Path of the webhook endpoint (POST deliveries, OPTIONS for the CloudEvents handshake). */
        @WithDefault("/events/blob-created")
        @Pattern(regexp = "/[A-Za-z0-9/_.-]*", message = "must be a path starting with /")
        String path();

        /**
         * Shared secrets, comma-separated: a delivery must carry one of them, in the query parameter
         * {@code secret-parameter} or the header {@code secret-header} (an Event Grid delivery property). Two at once
         * let a secret be rotated. Without any, every delivery is refused (401). Secret.
         */
        Optional<List<String>> secrets();

        /** Query parameter holding the shared secret (redacted from the access log). */
        @WithDefault("secret")
        @Pattern(regexp = "[A-Za-z0-9._~-]+", message = "must be a query parameter name, e.g. secret")
        String secretParameter();

        /** Header holding the shared secret, if Event Grid sends it as a delivery property. */
        @WithDefault("X-Webhook-Secret")
        @Pattern(regexp = "[A-Za-z0-9!#$%&'*+.^_`|~-]+", message = "must be an HTTP header name, e.g. X-Webhook-Secret")
        String secretHeader();

        /**
         * How long a delivery may take, reading the ledger and waiting for Kafka to acknowledge its file events,
         * before it is answered 503 (Event Grid waits 30 s, then retries).
         */
        @WithDefault("10s")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration writeTimeout();

        /** Webhook imports are grouped into one EVENT_GRID run per window of this length. */
        @WithDefault("5m")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration runWindow();

        /** Microsoft Entra ID bearer tokens, an alternative to the shared secret. */
        Entra entra();
    }

    /**
     * Microsoft Entra ID authentication of webhook deliveries (Event Grid's "secure webhook delivery": the
     * subscription names {@code azureActiveDirectoryTenantId} and {@code azureActiveDirectoryApplicationIdOrUri}
     * and Event Grid sends a bearer JWT). These keys configure two {@code quarkus-oidc} tenants, one per token
     * version, chosen by the token's issuer ({@code application.properties}); quarkus-oidc checks the signature
     * against the tenant's keys, the issuer, the audience, the expiry and the Event Grid app id, and the webhook
     * requires the role {@code AzureEventGridSecureWebhookSubscriber}. Source:
     * https://learn.microsoft.com/azure/event-grid/secure-webhook-delivery
     */
    interface Entra {
        /** Accept Entra ID bearer tokens; needs {@code tenant-id} and {@code audiences}. */
        @WithDefault("false")
        boolean enabled();

        /** The directory (tenant) id that issues the tokens: the subscription's azureActiveDirectoryTenantId. */
        Optional<@Pattern(regexp = "[A-Za-z0-9.-]+", message = "must be a tenant id (a GUID) or domain") String>
                tenantId();

        /**
         * Accepted {@code aud} values, comma-separated: the webhook app's application (client) id and/or its
         * App ID URI (the subscription's azureActiveDirectoryApplicationIdOrUri).
         */
        Optional<List<@NotBlank String>> audiences();

        /** Entra ID authority (sovereign clouds differ); the tenant's OpenID metadata is read from here. */
        @WithDefault("https://login.microsoftonline.com")
        @Pattern(regexp = "https?://[^/?#]+(/[^?#]*[^/?#])?", message = "must be an http(s) URL without a trailing /")
        String authority();

        /**
         * The app id Event Grid's tokens carry ({@code appid} in v1 tokens, {@code azp} in v2 tokens); the
         * default is Microsoft.EventGrid's app id in the Azure public cloud.
         */
        @WithDefault("4962773b-9cdb-44cf-a8bf-237846a00ab7")
        @NotBlank
        String eventGridAppId();
    }

    interface Activity {
        /** Entries each replica holds for {@code GET /activity} (the topic keeps them for the topics' retention). */
        @WithDefault("1000")
        @Min(1)
        int keep();

        /**
         * Where to POST entries at or above {@code notify-level} as JSON (e.g. a Slack/Teams workflow webhook);
         * unset: no notifications. May hold a secret token in its query: never logged.
         */
        Optional<@Pattern(regexp = "https?://.+", message = "must be an http(s) URL") String> notifyUrl();

        /** Lowest level sent to {@code notify-url}: INFO, SUCCESS, WARN or ERROR. */
        @WithDefault("WARN")
        ActivityEntry.Level notifyLevel();

        /** First wait before a failed notification is sent again (doubling, up to 5 minutes). */
        @WithDefault("1s")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration notifyInitialBackoff();

        /** A notification not delivered within this is given up (and logged). */
        @WithDefault("1h")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration notifyGiveUpAfter();
    }

    interface Health {
        /**
         * How long the wellness checks reuse a probe's answer (ODP's schema call, the container's existence), so
         * frequent scrapes cost at most one call per dependency per period.
         */
        @WithDefault("30s")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration probeCache();

        /** Longest a probe may take before it counts as unreachable. */
        @WithDefault("5s")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration probeTimeout();
    }

    interface Runs {
        /** How often every replica re-judges open runs (completion, interrupted sweeps). */
        @WithDefault("10s")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration reconcileEvery();

        /**
         * Finished runs kept: beyond the newest {@code keep} runs, older finished runs are dropped (tombstones on the
         * compacted runs topic) and no longer listed. RUNNING runs are never dropped.
         */
        @WithDefault("500")
        @Min(1)
        int keep();
    }

    interface RunLogs {
        /** Whether the service's own log lines about a run are also written to the run-logs topic. */
        @WithDefault("true")
        boolean enabled();

        /** Lowest level kept: DEBUG, INFO, WARN or ERROR. */
        @WithDefault("INFO")
        @Pattern(regexp = "(?i)DEBUG|INFO|WARN|ERROR", message = "must be DEBUG, INFO, WARN or ERROR")
        String level();

        /**
         * Lines kept per run and replica (N): a run's first N − K − 2 lines as they come, then a line saying the cap
         * is reached, and when the run ends its last K lines (K = N / 10, at least 1) after a line saying exactly
         * how many this replica left out in between. Left-out lines are only in the replica's own log.
         */
        @WithDefault("1000")
        @Min(1)
        int maxLinesPerRun();
    }

    interface Azure {
        /**
         * How the service authenticates to Blob Storage. Unset: {@code connection-string} if a connection string
         * is set, else {@code client-secret} if a client secret is set, else {@code default}.
         */
        Optional<AuthMode> auth();

        /**
         * Storage connection string ({@code DefaultEndpointsProtocol=...;AccountName=...;AccountKey=...}
         * or {@code BlobEndpoint=...;SharedAccessSignature=...}). A secret: never logged.
         * See https://learn.microsoft.com/azure/storage/common/storage-configure-connection-string
         */
        Optional<String> connectionString();

        /**
         * Blob service URL for the token modes, e.g. {@code https://myaccount.blob.core.windows.net}
         * (default: from {@code account-name}).
         */
        Optional<
                        @Pattern(
                                regexp = "https?://\\S+",
                                message = "must be an http(s) URL, e.g. " + "https://myaccount.blob.core.windows.net")
                        String>
                accountUrl();

        /** Storage account name, for the token modes when {@code account-url} is not set. */
        Optional<String> accountName();

        /** Microsoft Entra tenant (directory) id: client-secret mode (the original's {@code tenantId}). */
        Optional<String> tenantId();

        /**
         * Application (client) id: client-secret mode; in default mode the user-assigned managed identity or the
         * workload identity to use.
         */
        Optional<String> clientId();

        /** Client secret of the app registration: client-secret mode. A secret: never logged. */
        Optional<String> clientSecret();

        /**
         * Microsoft Entra authority host (https), e.g. {@code https://login.microsoftonline.us}; default
         * {@code AZURE_AUTHORITY_HOST}, else the public cloud's {@code https://login.microsoftonline.com}.
         */
        Optional<
                        @Pattern(
                                regexp = "https://\\S+",
                                message = "must be an https URL, e.g. " + "https://login.microsoftonline.us")
                        String>
                authorityHost();

        /** The container holding the offline-store files (3-63 characters: lower-case letters, digits, '-'). */
        @NotBlank
        @Pattern(
                regexp = "^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$",
                message =
                        "must be a container name: 3-63 characters of a-z, 0-9 and single '-', starting and ending with a letter or digit")
        String container();

        /** Only blobs whose name starts with this prefix are imported (unset: all). */
        Optional<String> prefix();

        /** Connect timeout of every Blob Storage request. */
        @WithDefault("10s")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration connectTimeout();

        /** Read (socket idle) timeout of every Blob Storage request. */
        @WithDefault("60s")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration readTimeout();
    }

    /** Blob Storage authentication modes. */
    enum AuthMode {
        /** {@code connection-string}: account key or SAS in a connection string. */
        CONNECTION_STRING,
        /** {@code client-secret}: an Entra app registration (tenant id, client id, client secret). */
        CLIENT_SECRET,
        /** {@code default}: DefaultAzureCredential (environment, workload identity, managed identity, ...). */
        DEFAULT
    }

    /** ODP regions and their API base URLs (a key belongs to one region). */
    enum Region {
        US("https://api.zaius.com"),
        EU("https://api.eu1.odp.optimizely.com"),
        AU("https://api.au1.odp.optimizely.com");

        private final String baseUrl;

        Region(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        public String baseUrl() {
            return baseUrl;
        }
    }

    interface Odp {
        /** The ODP region of the account: us, eu or au. Ignored when {@code base-url} is set. */
        @WithDefault("us")
        Region region();

        /**
         * Base URL of the API, e.g. {@code https://api.eu1.odp.optimizely.com}, with or without a trailing {@code /}
         * or {@code /v3}; overrides {@code region} (a custom host or a stand-in).
         * Source: https://docs.developers.optimizely.com/optimizely-data-platform/reference/introduction
         */
        Optional<
                        @Pattern(
                                regexp = "https?://[^/?#@\\s]+(/[^?#\\s]*)?",
                                message = "must be an absolute http(s) URL "
                                        + "without user info, query or fragment, e.g. " + OdpUrls.EXAMPLE
                                        + " (with or without /v3)")
                        String>
                baseUrl();

        /** @return {@code base-url} if set, else the region's base URL; without a trailing {@code /} or {@code /v3} */
        default String resolvedBaseUrl() {
            return OdpUrls.normalize(baseUrl().orElse(region().baseUrl()));
        }

        /** Connect timeout of every ODP request. */
        @WithDefault("5s")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration connectTimeout();

        /** Read timeout of every ODP request. */
        @WithDefault("30s")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration readTimeout();

        /** The ODP private API key, sent as {@code x-api-key}. A secret: never logged. */
        @NotBlank
        String apiKey();

        /** The ODP object type records are upserted into. */
        @WithDefault("ocp_quickstart_offline_stores")
        @Pattern(regexp = "^[a-z][a-z0-9_]{1,61}$", message = "must match ^[a-z][a-z0-9_]{1,61}$ (an ODP object name)")
        String objectType();

        /** ODP field names the three store fields are written to. */
        Fields fields();

        interface Fields {
            /** Field receiving the store {@code id}: the object's primary key. */
            @WithDefault("ocp_quickstart_offline_store_id")
            @Pattern(
                    regexp = "^[a-z][a-z0-9_]{1,61}$",
                    message = "must match ^[a-z][a-z0-9_]{1,61}$ (an ODP field name)")
            String id();

            /** Field receiving the store {@code name}. */
            @WithDefault("offline_store_name")
            @Pattern(
                    regexp = "^[a-z][a-z0-9_]{1,61}$",
                    message = "must match ^[a-z][a-z0-9_]{1,61}$ (an ODP field name)")
            String name();

            /** Field receiving the store {@code location}. */
            @WithDefault("offline_store_location")
            @Pattern(
                    regexp = "^[a-z][a-z0-9_]{1,61}$",
                    message = "must match ^[a-z][a-z0-9_]{1,61}$ (an ODP field name)")
            String location();
        }
    }

    interface Topics {
        /** File-discovered events, key = blob name. One partition keeps files in discovery order. */
        @WithDefault("odp-importer.files")
        @Pattern(regexp = TOPIC_NAME, message = TOPIC_MESSAGE)
        String files();

        /** Partitions of the files topic. More than 1 relaxes "later file wins" for a primary key in two files. */
        @WithDefault("1")
        @Min(1)
        int filesPartitions();

        /** Store records (the ODP payload), key = primary key. */
        @WithDefault("odp-importer.stores")
        @Pattern(regexp = TOPIC_NAME, message = TOPIC_MESSAGE)
        String stores();

        /** Partitions of the stores topic. */
        @WithDefault("3")
        @Min(1)
        int storesPartitions();

        /**
         * How store records name their file and index in headers: {@code separate} (five or six headers: run id,
         * container, blob, ETag, upload time, record index; every release reads them) or {@code compact} (one
         * header, {@code odp-importer.ref}, holding all of it: less CPU per record in the producer, the broker and
         * the sink). This release's sink reads both; keep {@code separate} until no replica older than this release
         * runs (an older replica's sink would send a compact record to ODP without counting it, and its run would never
         * show complete).
         */
        @WithDefault("separate")
        StoreHeaderLayout storeHeaderLayout();

        /** Dead-letter topic: records and events parked with a reason. */
        @WithDefault("odp-importer.dead-letter")
        @Pattern(regexp = TOPIC_NAME, message = TOPIC_MESSAGE)
        String deadLetter();

        /** Ledger (compacted): state per (blob name, ETag). */
        @WithDefault("odp-importer.ledger")
        @Pattern(regexp = TOPIC_NAME, message = TOPIC_MESSAGE)
        String ledger();

        /** Runs (compacted): run events, aggregated by every replica. */
        @WithDefault("odp-importer.runs")
        @Pattern(regexp = TOPIC_NAME, message = TOPIC_MESSAGE)
        String runs();

        /** Progress marks inside files (compacted). */
        @WithDefault("odp-importer.progress")
        @Pattern(regexp = TOPIC_NAME, message = TOPIC_MESSAGE)
        String progress();

        /** Activity log entries (delete, {@code retention}; one partition keeps them in order). */
        @WithDefault("odp-importer.activity")
        @Pattern(regexp = TOPIC_NAME, message = TOPIC_MESSAGE)
        String activity();

        /** Runs' log lines (delete, {@code retention}; {@code state-partitions}, key = run id). */
        @WithDefault("odp-importer.run-logs")
        @Pattern(regexp = TOPIC_NAME, message = TOPIC_MESSAGE)
        String runLogs();

        /**
         * Settings the replicas share, written once (compacted, one partition): the instant of
         * {@code importer.sweep.start-after=first-start}.
         */
        @WithDefault("odp-importer.state")
        @Pattern(regexp = TOPIC_NAME, message = TOPIC_MESSAGE)
        String state();

        /** Sweep lock (compacted, always one partition: the log order decides who holds it). */
        @WithDefault("odp-importer.locks")
        @Pattern(regexp = TOPIC_NAME, message = TOPIC_MESSAGE)
        String locks();

        /** Partitions of the ledger, runs and progress topics. */
        @WithDefault("3")
        @Min(1)
        int statePartitions();

        /** Replication factor of every topic the service creates. */
        @WithDefault("1")
        @Min(1)
        short replicationFactor();

        /** {@code min.insync.replicas} of every topic the service creates. */
        @WithDefault("1")
        @Min(1)
        int minInsyncReplicas();

        /**
         * {@code retention.ms} of the files, stores, dead-letter, activity and run-logs topics: bounds the longest
         * outage survived.
         */
        @WithDefault("P14D")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration retention();
    }

    interface Sweep {
        /** Quartz cron of the scheduled sweep (seconds field first); {@code off} disables it. */
        @WithDefault("0 0 6 * * ?")
        @SweepCron
        String cron();

        /** @return false when {@code cron} is {@code off} (or {@code disabled}) */
        default boolean scheduled() {
            return !SweepCron.Validator.isOff(cron());
        }

        /** Time zone of the cron expression, e.g. {@code UTC} or {@code Europe/Prague}. */
        @WithDefault("UTC")
        @TimeZoneId
        String timeZone();

        /** How long a sweep lock lives without a heartbeat before another replica may take it. */
        @WithDefault("60s")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration lockLease();

        /** How often the replica holding the sweep lock renews it (well under {@code lock-lease}). */
        @WithDefault("20s")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration lockHeartbeat();

        /**
         * How much longer than {@code lock-lease} the sweep lock's holder must have been silent, by a replica's own
         * clock, before that replica judges its sweep interrupted (closes the run and starts its catch-up sweep).
         * Covers clock differences between replicas.
         */
        @WithDefault("10s")
        Duration lockExpiryMargin();

        /**
         * A blob version IN_PROGRESS for longer than this is published again by the next sweep (its file event may
         * have outlived the files topic's retention). A duplicate import is a harmless upsert.
         */
        @WithDefault("P1D")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration staleInProgressAfter();

        /**
         * "Start from now": only blobs last modified after this are imported by the sweep and the webhook; older ones
         * list as NOT_IMPORTED in the files API and can be backfilled on purpose. An ISO-8601 instant (e.g.
         * {@code 2026-12-01T00:00:00Z}) or {@code first-start}: the first start of any replica writes its time once to
         * the state topic ({@code importer.topics.state}), shared by every replica and kept across restarts. Unset:
         * every blob is imported. Shown in {@code /status}.
         */
        Optional<@StartAfterSetting String> startAfter();

        /** How long a sweep waits for the ledger view to catch up with the end of the ledger topic. */
        @WithDefault("60s")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration ledgerCatchUpTimeout();
    }

    interface FileImport {
        /** Write a progress mark (resume point) every this many records. */
        @WithDefault("1000")
        @Min(1)
        int progressEvery();

        /**
         * Most distinct primary keys remembered per file to count duplicate ids (8 bytes each, a 64-bit hash);
         * beyond it counting stops for that file, importing does not.
         */
        @WithDefault("2000000")
        @Min(0)
        int maxTrackedIds();

        /**
         * Most primary keys remembered, over all Last-Modified seconds together (the newest 64), to find files of one
         * second that share keys (12 to 24 bytes each, a 64-bit hash and the file); the oldest seconds are forgotten
         * first, and a second that alone exceeds it is reported as checked incompletely when it has more files.
         */
        @WithDefault("500000")
        @Min(0)
        int maxTieKeys();

        /** Longest JSON string the parser accepts, in characters; a longer one fails the file there. */
        @WithDefault("1048576")
        @Min(1)
        int maxStringLength();

        /** Deepest JSON nesting the parser accepts; deeper fails the file there. */
        @WithDefault("32")
        @Min(2)
        int maxNestingDepth();

        /** Largest record, in bytes; a larger one is parked (the file goes on). */
        @WithDefault("1048576")
        @Min(16)
        long maxRecordBytes();

        /** Maximum text length of a field, in characters (ODP's limit for text fields is 1024). */
        @WithDefault("1024")
        @Min(1)
        int maxTextLength();

        /**
         * How long the importer's producer of store records (a producer of its own) waits to fill a batch. The
         * importer flushes it before it waits for acknowledgements (each progress mark, each file's end), so no record
         * waits longer than this, and a file's last records not at all.
         */
        @WithDefault("50ms")
        @DurationMin(nanos = 0, message = "must not be negative, e.g. 50ms or 0s")
        Duration producerLinger();

        /** Largest batch, in bytes, of the importer's producer of store records, per partition. */
        @WithDefault("262144")
        @Min(1024)
        @Max(1_048_576)
        int producerBatchSize();
    }

    interface Sink {
        /** Records per ODP request (ODP accepts up to 500). */
        @WithDefault("100")
        @Min(1)
        @Max(500)
        int batchSize();

        /**
         * After a 413 (Payload Too Large) the sink remembers the batch size ODP took, per object type; every this
         * long after its last change that size doubles, up to {@code batch-size} (docs/architecture.md §4.5).
         */
        @WithDefault("5m")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration batchSizeRegrow();

        /** How long a batch waits for more records after its first one. */
        @WithDefault("500ms")
        @DurationMin(nanos = 0, message = "must not be negative, e.g. 500ms or 0s")
        Duration linger();

        /** First retry delay after a transient ODP failure. */
        @WithDefault("1s")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration retryInitialBackoff();

        /** Longest delay between two retries. Retries never give up. */
        @WithDefault("60s")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration retryMaxBackoff();

        /** Longest wait a {@code Retry-After} header (429, 503) can impose on the sink. */
        @WithDefault("5m")
        @DurationMin(millis = 1, message = POSITIVE_DURATION)
        Duration retryAfterCap();

        /**
         * An explicit cap on the records the sink holds in memory before it stops taking more from Kafka
         * (back-pressure). Unset (the default), the buffer follows the account's limit on requests in flight:
         * ({@code limit} + 4) × {@code batch-size} records, at most ({@code max-in-flight} + 4) × {@code batch-size}
         * (3,600 records with the defaults). A cap below that keeps the sink from filling its in-flight window.
         */
        Optional<@Min(1) Integer> bufferCapacity();

        /**
         * An optional cap: most ODP requests per second this replica's sink starts, retries included; {@code 0}
         * (the default) means none: the adaptive limit on requests in flight paces the sink. For an account with a
         * known budget: each replica applies it on its own, so divide the account's budget by the replica count.
         */
        @WithDefault("0")
        @PositiveOrZero
        double maxRequestRate();

        /**
         * Most ODP requests in flight at once per ODP account (host and API key) on this replica: the adaptive
         * limit's maximum. The limit starts at {@code initial-limit}, grows by one per 2xx answer while at least
         * half of it is in flight, and shrinks ×0.9 per 429, 503 or timeout. Set it lower as a cap for an account
         * with a known budget: each replica applies it on its own, so divide the budget by the replica count. Two
         * requests in flight never share a primary key: a batch holding a key still in flight waits (without a
         * permit), so a key's records reach ODP in offset order.
         */
        @WithDefault("32")
        @Min(1)
        @Max(64)
        int maxInFlight();

        /**
         * ODP requests allowed in flight at the start, per ODP account; the limit then adapts between 1 and
         * {@code max-in-flight} (and starts at {@code max-in-flight} if that is lower).
         */
        @WithDefault("4")
        @Min(1)
        @Max(64)
        int initialLimit();
    }
}
