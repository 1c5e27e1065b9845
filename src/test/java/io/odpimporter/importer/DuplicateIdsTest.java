package io.odpimporter.importer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DuplicateIdsTest {

    @Test
    void countsEveryRepeatOfAnIdAfterItsFirstRecord() {
        DuplicateIds ids = new DuplicateIds(100, 0);
        assertThat(ids.add("a")).isFalse();
        assertThat(ids.add("b")).isFalse();
        assertThat(ids.add("a")).isTrue();
        assertThat(ids.add("a")).isTrue();
        assertThat(ids.add("A")).isFalse();
        assertThat(ids.count()).isEqualTo(2);
        assertThat(ids.full()).isFalse();
    }

    @Test
    void goesOnFromTheCountOfAProgressMark() {
        DuplicateIds ids = new DuplicateIds(100, 7);
        ids.add("x");
        ids.add("x");
        assertThat(ids.count()).isEqualTo(8);
    }

    @Test
    void stopsCountingAtTheBoundInsteadOfGrowing() {
        DuplicateIds ids = new DuplicateIds(2, 0);
        ids.add("a");
        ids.add("b");
        assertThat(ids.add("c")).isFalse();
        assertThat(ids.full()).isTrue();
        assertThat(ids.add("a")).isFalse();
        assertThat(ids.count()).isZero();
    }

    @Test
    void idsWithTheSameJavaHashCodeStayApart() {
        // "Aa" and "BB" share String.hashCode(); the CRC-32C half of the key tells them apart
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        DuplicateIds ids = new DuplicateIds(100, 0);
        ids.add("Aa");
        assertThat(ids.add("BB")).isFalse();
        assertThat(ids.count()).isZero();
    }
}
