package io.sluice.examples.classic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The table as Spark's {@code show()} prints it (outputs copied from Spark 3.5). */
class TableTest {

    @Test
    void shouldRightAlignCellsInColumnsAtLeastThreeWideBetweenBorders() {
        Table table = new Table("category", "n", "avg").row("books", 3L, 12.5).row("toys", 12L, null);

        assertThat(table.show()).isEqualTo("""
                +--------+---+----+
                |category|  n| avg|
                +--------+---+----+
                |   books|  3|12.5|
                |    toys| 12|null|
                +--------+---+----+""");
    }

    @Test
    void shouldSayHowManyRowsItShowsWhenThereAreMore() {
        Table table = new Table("v").row(1L).row(2L).row(3L);

        assertThat(table.show(2)).isEqualTo("""
                +---+
                |  v|
                +---+
                |  1|
                |  2|
                +---+
                only showing top 2 rows""");
        assertThat(table.show(1)).endsWith("only showing top 1 row");
        assertThat(table.show(3)).doesNotContain("only showing");
    }

    @Test
    void shouldCutCellsLongerThanTwentyCharacters() {
        Table table = new Table("name").row("exactly-twenty-chars").row("twenty-one-characters");

        assertThat(table.show()).isEqualTo("""
                +--------------------+
                |                name|
                +--------------------+
                |exactly-twenty-chars|
                |twenty-one-charac...|
                +--------------------+""");
    }

    @Test
    void shouldRefuseARowOfTheWrongWidth() {
        assertThatThrownBy(() -> new Table("a", "b").row(1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 2 values, got 1");
    }
}
