package io.odpimporter.rules;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The glob of {@code importer.rules[n].pattern}, rule by rule, on the whole blob name. */
class GlobsTest {

    private static boolean matches(String glob, String name) {
        Pattern p = Globs.compile(glob);
        return p.matcher(name).matches();
    }

    @Test
    void starMatchesWithinOneSegmentOnly() {
        assertThat(matches("stores/*.csv", "stores/a.csv")).isTrue();
        assertThat(matches("stores/*.csv", "stores/2026/a.csv")).isFalse();
        assertThat(matches("*.csv", "stores/a.csv")).isFalse();
        assertThat(matches("stores/*", "stores/")).isTrue();
    }

    @Test
    void doubleStarCrossesSlashesAndStarSlashAlsoMatchesNoDirectory() {
        assertThat(matches("orders/**", "orders/2026/12/a.jsonl")).isTrue();
        assertThat(matches("orders/**", "other/a.jsonl")).isFalse();
        assertThat(matches("**/*.csv", "a.csv")).isTrue();
        assertThat(matches("**/*.csv", "x/y/a.csv")).isTrue();
        assertThat(matches("x/**/a.csv", "x/a.csv")).isTrue();
        assertThat(matches("x/**/a.csv", "x/1/2/a.csv")).isTrue();
        assertThat(matches("**", "anything/at all.txt")).isTrue();
    }

    @Test
    void questionMarkIsOneCharacterButNotASlash() {
        assertThat(matches("day-?.csv", "day-1.csv")).isTrue();
        assertThat(matches("day-?.csv", "day-12.csv")).isFalse();
        assertThat(matches("a?b", "a/b")).isFalse();
    }

    @Test
    void bracesAreAlternativesEachAGlob() {
        assertThat(matches("exports/*.{csv,csv.gz}", "exports/a.csv")).isTrue();
        assertThat(matches("exports/*.{csv,csv.gz}", "exports/a.csv.gz")).isTrue();
        assertThat(matches("exports/*.{csv,csv.gz}", "exports/a.json")).isFalse();
        assertThat(matches("{orders,sales}/*", "sales/x")).isTrue();
        assertThat(matches("a,b", "a,b")).isTrue();
    }

    @Test
    void classesMatchOneCharacterAndNegationWithBang() {
        assertThat(matches("part-[0-9].csv", "part-7.csv")).isTrue();
        assertThat(matches("part-[0-9].csv", "part-x.csv")).isFalse();
        assertThat(matches("part-[!0-9].csv", "part-x.csv")).isTrue();
        assertThat(matches("part-[!0-9].csv", "part-7.csv")).isFalse();
        assertThat(matches("a[!x]b", "a/b")).isFalse();
        assertThat(matches("[]]", "]")).isTrue();
    }

    @Test
    void isCaseSensitiveAndTakesSpacesUnicodeAndRegexCharactersLiterally() {
        assertThat(matches("Stores/*.csv", "stores/a.csv")).isFalse();
        assertThat(matches("my stores/*.csv", "my stores/Zürich (2026) + more.csv"))
                .isTrue();
        assertThat(matches("données/é*.json", "données/été.json")).isTrue();
        assertThat(matches("a.csv", "abcsv")).isFalse();
        assertThat(matches("price$(1)^.csv", "price$(1)^.csv")).isTrue();
        assertThat(matches("\\*.csv", "*.csv")).isTrue();
        assertThat(matches("\\*.csv", "a.csv")).isFalse();
        assertThat(matches("*.csv", "line\nbreak.csv")).isTrue();
    }

    @Test
    void refusesEmptyAndUnbalancedGlobsWithTheReason() {
        assertThatThrownBy(() -> Globs.compile("")).hasMessage("empty");
        assertThatThrownBy(() -> Globs.compile("orders/[a-z.csv")).hasMessage("unclosed '['");
        assertThatThrownBy(() -> Globs.compile("orders/*.{csv,json")).hasMessage("unclosed '{'");
        assertThatThrownBy(() -> Globs.compile("orders/*.csv}")).hasMessage("'}' without '{'");
        assertThatThrownBy(() -> Globs.compile("a]")).hasMessage("']' without '['");
        assertThatThrownBy(() -> Globs.compile("{a,{b,c}}")).hasMessageContaining("cannot be nested");
        assertThatThrownBy(() -> Globs.compile("a\\")).hasMessageContaining("escapes nothing");
        assertThatThrownBy(() -> Globs.compile("[z-a]")).hasMessageContaining("a class that is not one");
        assertThatThrownBy(() -> Globs.compile("[a/b]")).hasMessageContaining("'/' inside '[...]'");
    }

    @Test
    void knowsTheCatchAlls() {
        assertThat(Globs.matchesEverything("**")).isTrue();
        assertThat(Globs.matchesEverything("**/*")).isTrue();
        assertThat(Globs.matchesEverything("*")).isFalse();
        assertThat(Globs.matchesEverything("orders/**")).isFalse();
    }

    @Test
    void repeatedDoubleStarFoldersCompileToOneSoMatchingStaysCheap() {
        assertThat(Globs.compile("a/**/**/**/x.csv").pattern())
                .isEqualTo(Globs.compile("a/**/x.csv").pattern());
        assertThat(Globs.compile("a/**/**/x.csv").matcher("a/x.csv").matches()).isTrue();
    }
}
