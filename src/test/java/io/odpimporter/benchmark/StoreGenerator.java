package io.odpimporter.benchmark;

import java.util.SplittableRandom;

/**
 * The benchmark's offline stores, drawn from store brands, streets and cities of several countries: about one in
 * three with non-ASCII characters (ä, ø, ł, ñ, ç, 東京), and a location holding commas (so a CSV quotes it).
 * Deterministic: the same random sequence gives the same stores.
 */
final class StoreGenerator {

    /** One store: its id, name and location, the fields of today's stores object. */
    record Store(String id, String name, String location) {}

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

    private StoreGenerator() {}

    /** @return the next store from {@code random}, with id {@code id} */
    static Store next(String id, SplittableRandom random) {
        String[] city = CITIES[random.nextInt(CITIES.length)];
        String street = STREETS[random.nextInt(STREETS.length)];
        String name = BRANDS[random.nextInt(BRANDS.length)] + ' ' + city[0] + ' ' + KINDS[random.nextInt(KINDS.length)];
        String location = (1 + random.nextInt(240)) + " " + street + ", " + city[2] + ' ' + city[0] + ", " + city[1];
        return new Store(id, name, location);
    }
}
