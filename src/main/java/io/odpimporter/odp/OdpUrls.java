package io.odpimporter.odp;

import io.odpimporter.domain.StoreRecord;

import java.util.Locale;

/**
 * The one place ODP's URLs are made: the base URL as configured ({@code importer.odp.base-url}, with or without a
 * trailing {@code /} or {@code /v3}) becomes the API's root without {@code /v3}, to which the client adds
 * {@code /v3/...}. Messages about an answer name the full URL built here.
 */
public final class OdpUrls {

    /** Where {@code base-url} is explained in messages: an example of a valid value. */
    public static final String EXAMPLE = "https://api.eu1.odp.optimizely.com";

    private OdpUrls() {}

    /**
     * @param baseUrl an absolute http(s) URL, e.g. {@code https://api.zaius.com}, {@code https://api.zaius.com/},
     *                {@code https://api.zaius.com/v3} or {@code https://api.zaius.com/v3/}
     * @return the same without trailing slashes and without a trailing {@code /v3}: {@code https://api.zaius.com}
     */
    public static String normalize(String baseUrl) {
        String url = stripSlashes(baseUrl.strip());
        if (url.toLowerCase(Locale.ROOT).endsWith("/v3")) {
            url = stripSlashes(url.substring(0, url.length() - "/v3".length()));
        }
        return url;
    }

    /** @return the URL objects of {@code objectType} are upserted to ({@code POST}) */
    public static String objects(String baseUrl, String objectType) {
        return normalize(baseUrl) + "/v3/objects/" + objectType;
    }

    /** @return the URL events are sent to ({@code POST}) */
    public static String events(String baseUrl) {
        return normalize(baseUrl) + "/v3/events";
    }

    /** @return the URL the records of {@code target} are sent to ({@code POST}) */
    public static String of(String baseUrl, StoreRecord.Target target) {
        return target.kind() == StoreRecord.Target.Kind.EVENTS
                ? events(baseUrl)
                : objects(baseUrl, target.objectType());
    }

    /** @return the URL of {@code objectType}'s schema ({@code GET}, the wellness probe) */
    public static String schema(String baseUrl, String objectType) {
        return normalize(baseUrl) + "/v3/schema/objects/" + objectType;
    }

    private static String stripSlashes(String url) {
        int end = url.length();
        while (end > 0 && url.charAt(end - 1) == '/') {
            end--;
        }
        return url.substring(0, end);
    }
}
