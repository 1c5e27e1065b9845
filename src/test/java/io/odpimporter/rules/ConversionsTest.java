package io.odpimporter.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each conversion to ODP's types by name (docs/configuration.md, "Conversions"). */
class ConversionsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Conversions ISO = new Conversions(true, 10, TimestampOutput.ISO);
    private static final Conversions EPOCH = new Conversions(true, 10, TimestampOutput.EPOCH_SECONDS);

    private static JsonNode json(String s) throws Exception {
        return MAPPER.readTree(s);
    }

    private static Object text(FieldType type, String value) throws Exception {
        return ISO.convert(type, TextNode.valueOf(value));
    }

    @Test
    void blankIsNullForEveryType() throws Exception {
        for (FieldType type : FieldType.values()) {
            assertThat(ISO.convert(type, null)).isNull();
            assertThat(ISO.convert(type, json("null"))).isNull();
            assertThat(ISO.convert(type, TextNode.valueOf("   "))).isNull();
            assertThat(ISO.convert(type, TextNode.valueOf(""))).isNull();
        }
        // blank is judged after trimming even when values are kept untrimmed
        assertThat(new Conversions(false, 10, TimestampOutput.ISO).convert(FieldType.STRING, TextNode.valueOf(" ")))
                .isNull();
    }

    @Test
    void stringKeepsTextTrimsOnlyWhenAskedAndWritesNumbersAsTheirJsonText() throws Exception {
        assertThat(text(FieldType.STRING, "  a b ")).isEqualTo("a b");
        assertThat(new Conversions(false, 10, TimestampOutput.ISO).convert(FieldType.STRING, TextNode.valueOf(" a ")))
                .isEqualTo(" a ");
        assertThat(ISO.convert(FieldType.STRING, json("12"))).isEqualTo("12");
        assertThat(ISO.convert(FieldType.STRING, json("-3.5"))).isEqualTo("-3.5");
        assertThat(ISO.convert(FieldType.STRING, json("true"))).isEqualTo("true");
    }

    @Test
    void stringRefusesObjectsArraysAndTextLongerThanTheLimitInCharacters() throws Exception {
        assertThatThrownBy(() -> ISO.convert(FieldType.STRING, json("{\"a\":1}")))
                .isInstanceOf(Conversions.NotConvertible.class)
                .hasMessage("is a JSON object, not a string");
        assertThatThrownBy(() -> ISO.convert(FieldType.STRING, json("[1]")))
                .hasMessage("is a JSON array, not a string");
        assertThat(text(FieldType.STRING, "éééééééééé")).isEqualTo("éééééééééé");
        assertThatThrownBy(() -> text(FieldType.STRING, "abcdefghijk"))
                .hasMessageContaining("longer than 10 characters (importer.file-import.max-text-length)");
    }

    @Test
    void numberReadsDecimalsAndSendsWholeValuesAsLong() throws Exception {
        assertThat(text(FieldType.NUMBER, "12")).isEqualTo(12L);
        assertThat(text(FieldType.NUMBER, " -3.5 ")).isEqualTo(new BigDecimal("-3.5"));
        assertThat(text(FieldType.NUMBER, "1e3")).isEqualTo(1000L);
        assertThat(text(FieldType.NUMBER, "12.0")).isEqualTo(12L);
        assertThat(text(FieldType.NUMBER, "0.00")).isEqualTo(0L);
        assertThat(text(FieldType.NUMBER, "0.1000000000000000055511151231257827"))
                .isEqualTo(new BigDecimal("0.1000000000000000055511151231257827"));
        assertThat(text(FieldType.NUMBER, "123456789012345678901234"))
                .isEqualTo(new BigDecimal("123456789012345678901234"));
        assertThat(ISO.convert(FieldType.NUMBER, json("42"))).isEqualTo(42L);
        assertThat(ISO.convert(FieldType.NUMBER, json("2.25"))).isEqualTo(new BigDecimal("2.25"));
    }

    @Test
    void numberRefusesCommasGroupingNanAndInfinityNamingWhatToUse() {
        for (String bad : new String[] {"12,5", "1,234", "NaN", "Infinity", "-Infinity", "abc", "1e", "0x10"}) {
            assertThatThrownBy(() -> text(FieldType.NUMBER, bad))
                    .as(bad)
                    .hasMessage(
                            "is not a number; use digits, a '.' for decimals and no grouping, e.g. 12, -3.5 or 1e3");
        }
        assertThatThrownBy(() -> ISO.convert(FieldType.NUMBER, json("true")))
                .hasMessage("is a JSON boolean, not a number");
        assertThatThrownBy(() -> text(FieldType.NUMBER, "1e9999")).hasMessage("is out of range for a number");
    }

    @Test
    void booleanTakesTheUsualSpellingsInAnyCase() throws Exception {
        for (String yes : new String[] {"true", "TRUE", "Yes", "y", "Y", "1"}) {
            assertThat(text(FieldType.BOOLEAN, yes)).as(yes).isEqualTo(true);
        }
        for (String no : new String[] {"false", "False", "NO", "n", "0"}) {
            assertThat(text(FieldType.BOOLEAN, no)).as(no).isEqualTo(false);
        }
        assertThat(ISO.convert(FieldType.BOOLEAN, json("true"))).isEqualTo(true);
        assertThat(ISO.convert(FieldType.BOOLEAN, json("0"))).isEqualTo(false);
        assertThatThrownBy(() -> text(FieldType.BOOLEAN, "maybe"))
                .hasMessage("is not a boolean; use true/false, yes/no, y/n or 1/0");
        assertThatThrownBy(() -> ISO.convert(FieldType.BOOLEAN, json("2"))).hasMessageContaining("is not a boolean");
    }

    @Test
    void timestampAcceptsEpochSecondsAndThirteenDigitMilliseconds() throws Exception {
        assertThat(text(FieldType.TIMESTAMP, "1796463000")).isEqualTo("2026-12-05T09:30:00Z");
        assertThat(ISO.convert(FieldType.TIMESTAMP, json("1796463000"))).isEqualTo("2026-12-05T09:30:00Z");
        assertThat(text(FieldType.TIMESTAMP, "1796463000123")).isEqualTo("2026-12-05T09:30:00.123Z");
        assertThat(ISO.convert(FieldType.TIMESTAMP, json("1796463000123"))).isEqualTo("2026-12-05T09:30:00.123Z");
        assertThat(text(FieldType.TIMESTAMP, "0")).isEqualTo("1970-01-01T00:00:00Z");
        assertThatThrownBy(() -> text(FieldType.TIMESTAMP, "17964630001234"))
                .hasMessageContaining("is not a timestamp");
        assertThatThrownBy(() -> ISO.convert(FieldType.TIMESTAMP, json("1796463000.5")))
                .hasMessageContaining("is a JSON number, not a timestamp");
    }

    @Test
    void timestampAcceptsIsoWithOrWithoutOffsetNoZoneBeingUtc() throws Exception {
        assertThat(text(FieldType.TIMESTAMP, "2026-12-05T09:30:00Z")).isEqualTo("2026-12-05T09:30:00Z");
        assertThat(text(FieldType.TIMESTAMP, "2026-12-05T10:30:00+01:00")).isEqualTo("2026-12-05T09:30:00Z");
        assertThat(text(FieldType.TIMESTAMP, "2026-12-05T10:30:00+0100")).isEqualTo("2026-12-05T09:30:00Z");
        assertThat(text(FieldType.TIMESTAMP, "2026-12-05T10:30:00+01")).isEqualTo("2026-12-05T09:30:00Z");
        assertThat(text(FieldType.TIMESTAMP, "2026-12-05T04:30:00-05:00")).isEqualTo("2026-12-05T09:30:00Z");
        assertThat(text(FieldType.TIMESTAMP, "2026-12-05T09:30:00")).isEqualTo("2026-12-05T09:30:00Z");
        assertThat(text(FieldType.TIMESTAMP, "2026-12-05T09:30")).isEqualTo("2026-12-05T09:30:00Z");
        assertThat(text(FieldType.TIMESTAMP, "2026-12-05T09:30:00.250Z")).isEqualTo("2026-12-05T09:30:00.250Z");
    }

    @Test
    void timestampAcceptsADateAloneAsMidnightUtc() throws Exception {
        assertThat(text(FieldType.TIMESTAMP, "2026-12-05")).isEqualTo("2026-12-05T00:00:00Z");
        assertThatThrownBy(() -> text(FieldType.TIMESTAMP, "2026-02-30")).hasMessageContaining("is not a timestamp");
    }

    @Test
    void timestampAcceptsOdpsCsvImportFormats() throws Exception {
        assertThat(text(FieldType.TIMESTAMP, "2026-12-05 09:30:00")).isEqualTo("2026-12-05T09:30:00Z");
        assertThat(text(FieldType.TIMESTAMP, "2026-12-05 10:30:00+01:00")).isEqualTo("2026-12-05T09:30:00Z");
        assertThat(text(FieldType.TIMESTAMP, "12/05/2026 09:30")).isEqualTo("2026-12-05T09:30:00Z");
        assertThat(text(FieldType.TIMESTAMP, "12/05/2026 09:30:15")).isEqualTo("2026-12-05T09:30:15Z");
        assertThat(text(FieldType.TIMESTAMP, "12/05/26 09:30")).isEqualTo("2026-12-05T09:30:00Z");
        assertThat(text(FieldType.TIMESTAMP, "12/05/99 09:30:15")).isEqualTo("1999-12-05T09:30:15Z");
        assertThat(text(FieldType.TIMESTAMP, "1/5/2026 9:30")).isEqualTo("2026-01-05T09:30:00Z");
        assertThat(text(FieldType.TIMESTAMP, "1/5/26 9:30")).isEqualTo("2026-01-05T09:30:00Z");
        assertThat(text(FieldType.TIMESTAMP, "12/05/68 00:00")).isEqualTo("2068-12-05T00:00:00Z");
        assertThat(text(FieldType.TIMESTAMP, "12/05/69 00:00")).isEqualTo("1969-12-05T00:00:00Z");
        assertThatThrownBy(() -> text(FieldType.TIMESTAMP, "02/30/2026 10:00"))
                .hasMessageContaining("is not a timestamp");
        assertThatThrownBy(() -> text(FieldType.TIMESTAMP, "05.12.2026")).hasMessageContaining("is not a timestamp");
        assertThatThrownBy(() -> text(FieldType.TIMESTAMP, "13/05/2026 10:00"))
                .hasMessageContaining("is not a timestamp");
        assertThatThrownBy(() -> text(FieldType.TIMESTAMP, "12/05/2026")).hasMessageContaining("is not a timestamp");
        assertThatThrownBy(() -> text(FieldType.TIMESTAMP, "yesterday"))
                .hasMessage("is not a timestamp; " + Timestamps.ACCEPTED);
    }

    @Test
    void timestampIsSentAsWholeEpochSecondsWhenAsked() throws Exception {
        assertThat(EPOCH.convert(FieldType.TIMESTAMP, TextNode.valueOf("2026-12-05T09:30:00.900Z")))
                .isEqualTo(1796463000L);
        assertThat(EPOCH.convert(FieldType.TIMESTAMP, TextNode.valueOf("12/05/2026 09:30")))
                .isEqualTo(1796463000L);
    }

    @Test
    void shownValuesAreQuotedAndShortened() throws Exception {
        assertThat(Conversions.shown(TextNode.valueOf("abc"))).isEqualTo("'abc'");
        assertThat(Conversions.shown(json("12"))).isEqualTo("12");
        assertThat(Conversions.shown(null)).isEqualTo("(missing)");
        assertThat(Conversions.shown(TextNode.valueOf("x".repeat(500))))
                .hasSize(80)
                .endsWith("...");
    }

    @Test
    void aShortenedValueInAReasonNeverEndsInHalfAnAstralCharacter() {
        String value = "a".repeat(75) + "\uD83D\uDE00" + "a".repeat(20);
        assertThat(Conversions.shown(TextNode.valueOf(value))).isEqualTo("'" + "a".repeat(75) + "...");
    }
}
