package io.odpimporter.importer;

import com.carrotsearch.hppc.LongHashSet;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Counts the records of one file whose primary key an earlier record of the file already had. Each key is kept
 * as a 64-bit hash (its {@code String.hashCode} and its CRC-32C) in a primitive hash set, about 8 to 16 bytes per
 * distinct key; two different keys with the same hash would count one false duplicate (odds about 1 in 10^7 for a
 * million keys). Beyond {@code maxTracked} distinct keys counting stops, so memory stays bounded on any file.
 * Not thread-safe: one per file import.
 */
final class DuplicateIds {

    private final LongHashSet seen = new LongHashSet();
    private final int maxTracked;
    private long count;
    private boolean full;

    /**
     * @param maxTracked most distinct keys to remember
     * @param before     duplicates counted before a resume point (from the progress mark)
     */
    DuplicateIds(int maxTracked, long before) {
        this.maxTracked = maxTracked;
        this.count = before;
    }

    /** Notes a record's primary key. @return whether an earlier record of the file had it */
    boolean add(String primaryKey) {
        return addHash(hash(primaryKey));
    }

    /** {@link #add} by the key's {@link #hash}, computed once per record and shared with {@link TieDetector}. */
    boolean addHash(long hash) {
        if (full) {
            return false;
        }
        if (seen.contains(hash)) {
            count++;
            return true;
        }
        if (seen.size() >= maxTracked) {
            full = true;
            return false;
        }
        seen.add(hash);
        return false;
    }

    /** @return duplicates counted so far */
    long count() {
        return count;
    }

    /** @return whether counting stopped at the bound */
    boolean full() {
        return full;
    }

    static long hash(String key) {
        CRC32C crc = new CRC32C();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return ((long) key.hashCode() << 32) | crc.getValue();
    }
}
