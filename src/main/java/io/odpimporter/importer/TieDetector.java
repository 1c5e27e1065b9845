package io.odpimporter.importer;

import com.carrotsearch.hppc.LongIntHashMap;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.domain.TieGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the files whose import order the upload order did not decide: files of one run and container with the same
 * Last-Modified second (1 s resolution) and no version id, that share a primary key. The importer imports them one
 * at a time in discovery order (one files partition), so for such a key ODP keeps the value of the file imported
 * last, which the name chose, not the upload.
 *
 * <p>Per (run, container, second) it remembers the keys seen (as 64-bit hashes, {@link DuplicateIds#hash}) and which
 * file had each first. Memory is bounded: at most {@code importer.file-import.max-tie-keys} keys in all (about 12 to
 * 24 bytes each) and the newest {@link #SECONDS_KEPT} seconds; room is made by forgetting the oldest seconds, and a
 * second that cannot get more room stops remembering new keys: its group is then reported as incomplete instead.
 * The state lives in memory only: after a restart it is empty, so a tie between a file imported before and one
 * imported after is not found. Thread-safe.
 */
@ApplicationScoped
public class TieDetector {

    /** Most seconds remembered at once (the newest). */
    static final int SECONDS_KEPT = 64;
    /** Seconds forgotten that are remembered as such, so a late file of one is reported as an incomplete check. */
    private static final int FORGOTTEN_KEPT = 10_000;

    private final int maxKeys;
    private final LinkedHashMap<Scope, Second> seconds = new LinkedHashMap<>(16, 0.75f, true);
    private final Set<Scope> forgotten = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Scope, Boolean> eldest) {
            return size() > FORGOTTEN_KEPT;
        }
    });
    private long keys;

    @Inject
    public TieDetector(ImporterConfig config) {
        this(config.fileImport().maxTieKeys());
    }

    TieDetector(int maxKeys) {
        this.maxKeys = maxKeys;
    }

    /** One run's files of one container and Last-Modified second. */
    private record Scope(String runId, String container, Instant second) {}

    /** What is known of one second's files. */
    private static final class Second {
        final LongIntHashMap owners = new LongIntHashMap();
        final Map<String, Integer> ordinals = new HashMap<>();
        final List<String> names = new ArrayList<>();
        final BitSet members = new BitSet();
        boolean incomplete;
        /** Files of this second were imported and then forgotten before this state began. */
        boolean forgottenBefore;
    }

    /** A file being imported: {@link #add} each primary key, then {@link #finish}. */
    public final class File {
        private final Scope scope;
        private final Second second;
        private final int ordinal;

        private File(Scope scope, Second second, int ordinal) {
            this.scope = scope;
            this.second = second;
            this.ordinal = ordinal;
        }

        /** Notes one of the file's primary keys. */
        public void add(String primaryKey) {
            addHash(DuplicateIds.hash(primaryKey));
        }

        /** {@link #add} by the key's {@link DuplicateIds#hash}, computed once per record by the importer. */
        void addHash(long hash) {
            if (second == null) {
                return;
            }
            synchronized (TieDetector.this) {
                int owner = second.owners.getOrDefault(hash, -1);
                if (owner >= 0) {
                    if (owner != ordinal) {
                        second.members.set(owner);
                        second.members.set(ordinal);
                    }
                } else if (!second.incomplete) {
                    if (room(scope)) {
                        second.owners.put(hash, ordinal);
                        keys++;
                    } else {
                        second.incomplete = true;
                    }
                }
            }
        }

        /**
         * @return the file's tie group once its keys are all added: present if it shares a key with an earlier file
         *         of its second, or if the check of its second was cut short and it is not the second's only file
         */
        public Optional<TieGroup> finish() {
            if (second == null) {
                return Optional.empty();
            }
            synchronized (TieDetector.this) {
                BitSet group;
                if (second.incomplete && (second.names.size() > 1 || second.forgottenBefore)) {
                    group = new BitSet();
                    group.set(0, second.names.size());
                } else if (second.members.get(ordinal)) {
                    group = second.members;
                } else {
                    return Optional.empty();
                }
                List<String> first = group.stream()
                        .limit(TieGroup.NAMES)
                        .mapToObj(second.names::get)
                        .toList();
                return Optional.of(new TieGroup(
                        scope.container(),
                        scope.second(),
                        group.cardinality(),
                        first,
                        second.names.get(group.length() - 1),
                        !second.incomplete));
            }
        }
    }

    /** A file that needs no check: its version id or a missing Last-Modified leaves nothing to find. */
    private final File none = new File(null, null, -1);

    /**
     * Starts a file's check.
     *
     * @param lastModified the blob version's Last-Modified (null: not checked)
     * @param versionId    its version id, or null: a file with one was ordered by it ({@code DiscoveryOrder}) and is
     *                     not checked
     * @param file         the blob version's identity ({@code container/name@etag}): the same file begun again (a
     *                     retry) is the same file, never a tie with itself
     */
    public synchronized File begin(
            String runId, String container, Instant lastModified, String versionId, String file, String blobName) {
        if (lastModified == null || (versionId != null && !versionId.isEmpty())) {
            return none;
        }
        Scope scope = new Scope(runId, container, lastModified.truncatedTo(ChronoUnit.SECONDS));
        Second second = seconds.get(scope);
        if (second == null) {
            second = new Second();
            second.forgottenBefore = forgotten.remove(scope);
            second.incomplete = second.forgottenBefore;
            seconds.put(scope, second);
            while (seconds.size() > SECONDS_KEPT) {
                forget(seconds.keySet().iterator().next());
            }
        }
        Integer ordinal = second.ordinals.get(file);
        if (ordinal == null) {
            ordinal = second.names.size();
            second.ordinals.put(file, ordinal);
            second.names.add(blobName);
        }
        return new File(scope, second, ordinal);
    }

    /** @return whether one more key fits, after forgetting the oldest seconds other than {@code keep} if needed */
    private boolean room(Scope keep) {
        while (keys >= maxKeys) {
            Optional<Scope> oldest =
                    seconds.keySet().stream().filter(s -> !s.equals(keep)).findFirst();
            if (oldest.isEmpty()) {
                return false;
            }
            forget(oldest.get());
        }
        return true;
    }

    private void forget(Scope scope) {
        keys -= seconds.remove(scope).owners.size();
        forgotten.add(scope);
    }
}
