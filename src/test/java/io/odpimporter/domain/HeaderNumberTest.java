package io.odpimporter.domain;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The record index and upload time headers are read as numbers straight from their bytes. */
class HeaderNumberTest {

    private static long number(String text) {
        return RecordHeaders.number(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void digitsAreReadAsTheirNumber() {
        assertThat(number("0")).isZero();
        assertThat(number("42")).isEqualTo(42);
        assertThat(number("1764633600123")).isEqualTo(1_764_633_600_123L);
        assertThat(number("999999999999999999")).isEqualTo(999_999_999_999_999_999L);
    }

    @Test
    void anythingButOneToEighteenDigitsIsRefused() {
        assertThat(number("")).isEqualTo(-1);
        assertThat(number("-1")).isEqualTo(-1);
        assertThat(number("12a")).isEqualTo(-1);
        assertThat(number(" 12")).isEqualTo(-1);
        assertThat(number("1234567890123456789")).isEqualTo(-1);
        assertThat(number("１２")).isEqualTo(-1); // full-width digits are not ASCII digits
    }
}
