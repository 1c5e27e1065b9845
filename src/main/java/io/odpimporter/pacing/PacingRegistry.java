package io.odpimporter.pacing;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.metrics.PipelineMetrics;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link AccountPacing} per ODP account, keyed by (ODP host, API key) and shared by every sink target of that
 * account (docs/architecture.md §4.7). The key only tells accounts apart: it is never shown (metrics, logs and
 * {@code /status} name the host).
 */
@ApplicationScoped
public class PacingRegistry {

    /** An account: its key is a secret, so {@link #toString} shows the host only. */
    private record Account(String host, String apiKey) {
        @Override
        public String toString() {
            return host;
        }
    }

    private final AccountPacing.Limits limits;
    private final PipelineMetrics metrics;
    private final Map<Account, AccountPacing> accounts = new ConcurrentHashMap<>();

    public PacingRegistry(ImporterConfig config, PipelineMetrics metrics) {
        this.limits = new AccountPacing.Limits(
                config.sink().initialLimit(), config.sink().maxInFlight());
        this.metrics = metrics;
    }

    /**
     * @param baseUrl the account's ODP base URL (e.g. {@code https://api.zaius.com})
     * @param apiKey  its API key
     * @return the account's pacing, created on first use
     */
    public AccountPacing account(String baseUrl, String apiKey) {
        Account account = new Account(host(baseUrl), apiKey);
        return accounts.computeIfAbsent(
                account, a -> new AccountPacing(a.host(), limits, System::nanoTime, Instant::now, metrics));
    }

    /** @return every account's pacing now, by host */
    public List<AccountPacing.Snapshot> snapshots() {
        return accounts.values().stream()
                .map(AccountPacing::snapshot)
                .sorted(Comparator.comparing(AccountPacing.Snapshot::host))
                .toList();
    }

    /** @return the URL's host and port (e.g. {@code api.zaius.com}, {@code localhost:8081}) */
    static String host(String baseUrl) {
        String authority = URI.create(baseUrl).getAuthority();
        return authority == null ? baseUrl : authority;
    }
}
