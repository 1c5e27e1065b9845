package io.odpimporter.testing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the ITs count as accepted by the ODP stand-in: ODP's answer, not any 2xx. */
class OdpJournalTest {

    private static final String ACCEPTED =
            "{\"title\":\"Accepted\",\"status\":202,\"timestamp\":\"2026-12-04T13:44:12Z\"}";

    @Test
    void odpsJsonAnswerOf202Or200AcceptsAnUpsert() {
        assertThat(OdpJournal.accepts(202, ACCEPTED)).isTrue();
        assertThat(OdpJournal.accepts(200, "{\"title\":\"OK\",\"status\":200,\"timestamp\":\"t\"}"))
                .isTrue();
    }

    @Test
    void a2xxHtmlPageAnEmpty2xxA4xxOrABodyOfAnotherStatusDoesNot() {
        assertThat(OdpJournal.accepts(200, "<!DOCTYPE html><html><body>Sign in</body></html>"))
                .isFalse();
        assertThat(OdpJournal.accepts(204, "")).isFalse();
        assertThat(OdpJournal.accepts(202, null)).isFalse();
        assertThat(OdpJournal.accepts(200, ACCEPTED)).isFalse();
        assertThat(OdpJournal.accepts(202, "{\"status\":202}")).isFalse();
        assertThat(OdpJournal.accepts(400, "{\"title\":\"Bad Request\",\"status\":400,\"timestamp\":\"t\"}"))
                .isFalse();
    }
}
