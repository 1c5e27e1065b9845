package io.odpimporter.benchmark;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlockBlobOutputStreamOptions;
import io.odpimporter.domain.FileFormat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A benchmark dataset: {@code records} offline stores {@code {id, name, location}} ({@link StoreGenerator}) spread
 * over {@code blobs} blobs named {@code <prefix><n>.<format>} ({@code 0000.json}, {@code 0000.csv},
 * {@code 0000.jsonl.gz}: the service picks the format by the name), generated deterministically from {@code seed}
 * (the same seed gives the same records in every format, and the same bytes). Ids are
 * {@code <tag>-<record number, 7+ digits>} (the ODP stand-in's counter reads the number back); about 100 bytes of
 * UTF-8 per record as JSON. Written by {@link StoreWriter}: a JSON array with one record per line, JSON Lines, or
 * CSV with a header row, each optionally gzip-compressed. Generation streams: a blob is never whole in memory.
 *
 * @param tag     the id prefix, unique per dataset (the stand-in counts per tag)
 * @param records how many records in all
 * @param blobs   how many blobs (records are split evenly, the last blobs may hold one fewer)
 * @param seed    random seed
 * @param prefix  blob name prefix, ending in {@code /}
 * @param format  the blobs' format
 */
public record Dataset(String tag, long records, int blobs, long seed, String prefix, FileFormat format) {

    private static final String FINGERPRINT = "benchdataset";
    private static final String UNCOMPRESSED = "benchuncompressed";

    /** Bytes and uncompressed bytes of a dataset's blobs. */
    public record Size(long bytes, long uncompressedBytes) {}

    /** A dataset of JSON arrays, as the benchmark always had. */
    public Dataset(String tag, long records, int blobs, long seed, String prefix) {
        this(tag, records, blobs, seed, prefix, FileFormat.JSON_ARRAY);
    }

    /**
     * @return the same records as {@code other}: the same tag and ids, under a prefix of its own ({@code stores-1000/}
     *         becomes {@code stores-1000-csv/}; a JSON array keeps its prefix)
     */
    public Dataset as(FileFormat other) {
        String base = prefix.substring(0, prefix.length() - 1);
        String name = other.equals(FileFormat.JSON_ARRAY) ? prefix : base + "-" + other + "/";
        return new Dataset(tag, records, blobs, seed, name, other);
    }

    /** @return whether these are JSON arrays (the format every importer reads) */
    boolean jsonArray() {
        return format.equals(FileFormat.JSON_ARRAY);
    }

    /**
     * @return the table's name for this data: "single blob" (1M records or more in one blob), "1M", "100k", followed
     *         by the format unless it is a JSON array ("1M csv", "single blob jsonl.gz")
     */
    String scenario() {
        return size() + (jsonArray() ? "" : " " + format);
    }

    private String size() {
        return records >= 1_000_000 && blobs == 1
                ? "single blob"
                : records >= 1_000_000 && records % 1_000_000 == 0
                        ? (records / 1_000_000) + "M"
                        : (records / 1000) + "k";
    }

    /** @return the name of blob {@code n} (0-based) */
    public String blobName(int n) {
        return prefix + String.format("%04d.", n) + format;
    }

    /** @return the first record number of blob {@code n} */
    public long firstRecordOf(int n) {
        return records * n / blobs;
    }

    /** @return the id of record {@code number}: {@code <tag>-<number>} */
    public String id(long number) {
        return tag + "-" + String.format("%07d", number);
    }

    /**
     * Writes blob {@code n} in the dataset's format to {@code out} (which it does not close).
     *
     * @return the uncompressed bytes written
     * @throws IOException from {@code out}
     */
    public long write(int n, OutputStream out) throws IOException {
        long from = firstRecordOf(n);
        long to = firstRecordOf(n + 1);
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + n);
        StoreWriter writer = new StoreWriter(format, out);
        for (long i = from; i < to; i++) {
            writer.write(StoreGenerator.next(id(i), random));
        }
        writer.close();
        return writer.bytes();
    }

    /**
     * @return how many records of this dataset's kind of content make {@code gigabytes} of uncompressed content
     *         (a JSON array: 105 bytes a record, as the benchmark always counted; other formats: measured on the
     *         first 100,000 records)
     */
    long recordsIn(double gigabytes) throws IOException {
        if (format.kind() == FileFormat.Kind.JSON_ARRAY) {
            return Math.round(gigabytes * 1e9 / 105);
        }
        Dataset sample = new Dataset(tag, 100_000, 1, seed, prefix, new FileFormat(format.kind(), false));
        long bytes = sample.write(0, OutputStream.nullOutputStream());
        return Math.round(gigabytes * 1e9 / (bytes / 100_000.0));
    }

    /** What identifies this dataset's bytes; kept in each blob's metadata so a later run can reuse the upload. */
    String fingerprint() {
        return "v1-" + tag + "-" + records + "-" + blobs + "-" + seed + (jsonArray() ? "" : "-" + format);
    }

    /**
     * Uploads the dataset unless every blob is already there with this dataset's fingerprint. Streams each blob in
     * 8 MiB blocks, two at a time.
     *
     * @return the bytes of all blobs, and uncompressed (kept in each blob's metadata too)
     * @throws UncheckedIOException if an upload fails
     */
    public Size upload(BlobContainerClient container) {
        List<BlobItem> present = new ArrayList<>();
        container
                .listBlobs(
                        new ListBlobsOptions()
                                .setPrefix(prefix)
                                .setDetails(new BlobListDetails().setRetrieveMetadata(true)),
                        Duration.ofMinutes(5))
                .forEach(present::add);
        if (present.size() == blobs
                && present.stream()
                        .allMatch(b -> b.getMetadata() != null
                                && fingerprint().equals(b.getMetadata().get(FINGERPRINT)))) {
            return new Size(
                    present.stream()
                            .mapToLong(b -> b.getProperties().getContentLength())
                            .sum(),
                    present.stream()
                            .mapToLong(b -> Long.parseLong(b.getMetadata()
                                    .getOrDefault(
                                            UNCOMPRESSED,
                                            Long.toString(b.getProperties().getContentLength()))))
                            .sum());
        }
        present.forEach(b -> container.getBlobClient(b.getName()).deleteIfExists());
        long bytes = 0;
        long uncompressed = 0;
        for (int n = 0; n < blobs; n++) {
            BlobClient blob = container.getBlobClient(blobName(n));
            BlockBlobOutputStreamOptions options = new BlockBlobOutputStreamOptions()
                    .setParallelTransferOptions(new ParallelTransferOptions()
                            .setBlockSizeLong(8L << 20)
                            .setMaxConcurrency(2))
                    .setMetadata(Map.of(FINGERPRINT, fingerprint()));
            long written;
            try (OutputStream out =
                    new BufferedOutputStream(blob.getBlockBlobClient().getBlobOutputStream(options), 1 << 20)) {
                written = write(n, out);
            } catch (IOException e) {
                throw new UncheckedIOException("uploading " + blob.getBlobName() + " failed", e);
            }
            blob.setMetadata(Map.of(FINGERPRINT, fingerprint(), UNCOMPRESSED, Long.toString(written)));
            bytes += blob.getProperties().getBlobSize();
            uncompressed += written;
        }
        return new Size(bytes, uncompressed);
    }
}
