package io.odpimporter.odp;

import io.odpimporter.domain.StoreRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ODP's URLs, made in one place from the configured base URL, and what a refusal of one says. */
class OdpUrlsTest {

    @Test
    void aBaseUrlWithOrWithoutTrailingSlashOrV3GivesTheSameUrls() {
        for (String base : List.of(
                "https://api.zaius.com",
                "https://api.zaius.com/",
                "https://api.zaius.com/v3",
                "https://api.zaius.com/v3/",
                " https://api.zaius.com/v3// ")) {
            assertThat(OdpUrls.normalize(base)).as(base).isEqualTo("https://api.zaius.com");
            assertThat(OdpUrls.objects(base, "stores")).as(base).isEqualTo("https://api.zaius.com/v3/objects/stores");
            assertThat(OdpUrls.schema(base, "stores"))
                    .as(base)
                    .isEqualTo("https://api.zaius.com/v3/schema/objects/stores");
        }
        // a path before /v3 (a proxy) is kept; a v3 that is not the last segment is not touched
        assertThat(OdpUrls.normalize("http://proxy:8080/odp/v3/")).isEqualTo("http://proxy:8080/odp");
        assertThat(OdpUrls.normalize("http://proxy:8080/v3x")).isEqualTo("http://proxy:8080/v3x");
    }

    @Test
    void a404NamesTheUrlAndBothPossibleCauses() {
        String problem =
                OdpAnswer.configurationProblem(404, "POST https://api.zaius.com/v3/v3/objects/stores", "stores");
        assertThat(problem)
                .contains("HTTP 404 for POST https://api.zaius.com/v3/v3/objects/stores")
                .contains("no object type stores")
                .contains("importer.odp.object-type")
                .contains("importer.odp.base-url")
                .contains("e.g. " + OdpUrls.EXAMPLE);
    }

    @Test
    void aRefusedKeyNamesTheUrlAndTheKeysToCheck() {
        assertThat(OdpAnswer.configurationProblem(403, "GET https://api.zaius.com/v3/schema/objects/stores", "stores"))
                .startsWith("ODP refuses the API key (HTTP 403) for GET https://api.zaius.com/v3/schema/objects/stores")
                .contains("importer.odp.api-key");
    }

    @Test
    void eventsGoToTheEventsUrlAndA404ThereNamesOnlyTheBaseUrl() {
        assertThat(OdpUrls.of("https://api.zaius.com/v3/", StoreRecord.Target.events()))
                .isEqualTo("https://api.zaius.com/v3/events");
        assertThat(OdpUrls.of("https://api.zaius.com", StoreRecord.Target.objects("stores")))
                .isEqualTo("https://api.zaius.com/v3/objects/stores");

        String problem =
                OdpAnswer.configurationProblem(404, "POST https://odp.example/v3/events", StoreRecord.Target.events());
        assertThat(problem)
                .contains("HTTP 404 for POST https://odp.example/v3/events")
                .contains("importer.odp.base-url")
                .doesNotContain("object type");
    }
}
