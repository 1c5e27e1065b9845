package io.odpimporter.benchmark;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlockBlobOutputStreamOptions;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A benchmark dataset: {@code records} offline stores {@code {id, name, location}} spread over {@code blobs} blobs
 * named {@code <prefix><n>.json}, generated deterministically from {@code seed} (the same seed gives the same bytes).
 * Ids are {@code <tag>-<record number, 7+ digits>} (the ODP stand-in's counter reads the number back); names and
 * locations are drawn from store brands, streets and cities of several countries, about one in three with
 * non-ASCII characters (ä, ø, ł, ñ, ç, 東京), about 100 bytes of UTF-8 per record. Each blob is a JSON array, one
 * record per line. Generation streams: a blob is never whole in memory.
 *
 * @param tag     the id prefix, unique per dataset (the stand-in counts per tag)
 * @param records how many records in all
 * @param blobs   how many blobs (records are split evenly, the last blobs may hold one fewer)
 * @param seed    random seed
 * @param prefix  blob name prefix, ending in {@code /}
 */
public record Dataset(String tag, long records, int blobs, long seed, String prefix) {

    /** @return the table's name for this data: "single blob" (1M records or more in one blob), "1M", "100k" */
    String scenario() {
        return records >= 1_000_000 && blobs == 1
                ? "single blob"
                : records >= 1_000_000 && records % 1_000_000 == 0
                        ? (records / 1_000_000) + "M"
                        : (records / 1000) + "k";
    }

    private static final String[] BRANDS = {
        "Müller",
        "Rossmann",
        "Żabka",
        "Søstrene Grene",
        "Åhléns",
        "Café Crème",
        "Migros",
        "Coop",
        "Monoprix",
        "El Corte Inglés",
        "Mercadona",
        "Biedronka",
        "Tesco Express",
        "Boots",
        "Whole Foods",
        "Trader Joe's",
        "Uniqlo",
        "Muji",
        "Lawson",
        "Hema",
        "Jumbo",
        "Albert Heijn",
        "Kiwi",
        "Rema 1000",
        "Bäckerei Huber",
        "Pâtisserie Ladurée",
        "Librería Ñandú",
        "Ikea",
        "Decathlon",
        "Fnac"
    };
    private static final String[] KINDS = {
        "Store", "Market", "Outlet", "Express", "Flagship", "Pop-up", "Centre", "Superstore", "Boutique", "Depot"
    };
    private static final String[][] CITIES = {
        {"München", "DE", "80331"}, {"Düsseldorf", "DE", "40212"}, {"Berlin", "DE", "10117"},
        {"Zürich", "CH", "8001"}, {"Genève", "CH", "1204"}, {"Kraków", "PL", "31-042"},
        {"Łódź", "PL", "90-001"}, {"København", "DK", "1050"}, {"Malmö", "SE", "211 20"},
        {"Göteborg", "SE", "411 01"}, {"Oslo", "NO", "0150"}, {"Paris", "FR", "75001"},
        {"Besançon", "FR", "25000"}, {"Madrid", "ES", "28013"}, {"A Coruña", "ES", "15001"},
        {"São Paulo", "BR", "01310-100"}, {"London", "GB", "WC2N 5DU"}, {"Manchester", "GB", "M1 1AE"},
        {"Chicago", "US", "60601"}, {"Austin", "US", "78701"}, {"Seattle", "US", "98101"},
        {"New York", "US", "10001"}, {"Toronto", "CA", "M5H 2N2"}, {"Montréal", "CA", "H2Y 1C6"},
        {"東京", "JP", "100-0005"}, {"Amsterdam", "NL", "1012 JS"}, {"Sydney", "AU", "2000"}
    };
    private static final String[] STREETS = {
        "Königsallee",
        "Hauptstraße",
        "Bahnhofstrasse",
        "ulica Floriańska",
        "Strøget",
        "Drottninggatan",
        "Karl Johans gate",
        "Rue de Rivoli",
        "Gran Vía",
        "Avenida Paulista",
        "Oxford Street",
        "Market Street",
        "Michigan Avenue",
        "Congress Avenue",
        "Pike Street",
        "Broadway",
        "Yonge Street",
        "Rue Sainte-Catherine",
        "銀座通り",
        "Kalverstraat",
        "George Street",
        "Main Street",
        "High Street",
        "Rynek Główny",
        "Calle Real"
    };

    /** @return the name of blob {@code n} (0-based) */
    public String blobName(int n) {
        return prefix + String.format("%04d.json", n);
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
     * Writes blob {@code n}'s JSON array to {@code out} (which it does not close).
     *
     * @throws IOException from {@code out}
     */
    public void write(int n, OutputStream out) throws IOException {
        long from = firstRecordOf(n);
        long to = firstRecordOf(n + 1);
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + n);
        StringBuilder line = new StringBuilder(256);
        out.write('[');
        for (long i = from; i < to; i++) {
            line.setLength(0);
            line.append(i == from ? "\n" : ",\n");
            String[] city = CITIES[random.nextInt(CITIES.length)];
            String street = STREETS[random.nextInt(STREETS.length)];
            line.append("{\"id\":\"")
                    .append(id(i))
                    .append("\",\"name\":\"")
                    .append(BRANDS[random.nextInt(BRANDS.length)])
                    .append(' ')
                    .append(city[0])
                    .append(' ')
                    .append(KINDS[random.nextInt(KINDS.length)])
                    .append("\",\"location\":\"")
                    .append(1 + random.nextInt(240))
                    .append(' ')
                    .append(street)
                    .append(", ")
                    .append(city[2])
                    .append(' ')
                    .append(city[0])
                    .append(", ")
                    .append(city[1])
                    .append("\"}");
            out.write(line.toString().getBytes(StandardCharsets.UTF_8));
        }
        out.write("\n]\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** What identifies this dataset's bytes; kept in each blob's metadata so a later run can reuse the upload. */
    String fingerprint() {
        return "v1-" + tag + "-" + records + "-" + blobs + "-" + seed;
    }

    /**
     * Uploads the dataset unless every blob is already there with this dataset's fingerprint. Streams each blob in
     * 8 MiB blocks, two at a time.
     *
     * @return the bytes of all blobs
     * @throws UncheckedIOException if an upload fails
     */
    public long upload(BlobContainerClient container) {
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
                                && fingerprint().equals(b.getMetadata().get("benchdataset")))) {
            return present.stream()
                    .mapToLong(b -> b.getProperties().getContentLength())
                    .sum();
        }
        present.forEach(b -> container.getBlobClient(b.getName()).deleteIfExists());
        long bytes = 0;
        for (int n = 0; n < blobs; n++) {
            BlobClient blob = container.getBlobClient(blobName(n));
            BlockBlobOutputStreamOptions options = new BlockBlobOutputStreamOptions()
                    .setParallelTransferOptions(new ParallelTransferOptions()
                            .setBlockSizeLong(8L << 20)
                            .setMaxConcurrency(2))
                    .setMetadata(Map.of("benchdataset", fingerprint()));
            try (OutputStream out =
                    new BufferedOutputStream(blob.getBlockBlobClient().getBlobOutputStream(options), 1 << 20)) {
                write(n, out);
            } catch (IOException e) {
                throw new UncheckedIOException("uploading " + blob.getBlobName() + " failed", e);
            }
            bytes += blob.getProperties().getBlobSize();
        }
        return bytes;
    }
}
