package io.sluice.api.internal;

import io.sluice.api.InvalidJobException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldAggregatorTest {

    record Reading(String sensor, int count, long total, double temperature, Integer boxed, float ratio, short level,
                   byte flags, boolean valid) {
    }

    /** A class with a no-argument constructor, whose fields partly come from a superclass. */
    static class Located {
        String region;
        long visits;
    }

    static final class Counter extends Located {
        String name;
        int hits;
        Double ratio;
        private final transient StringBuilder scratch = new StringBuilder();

        Counter() {
        }

        Counter(String region, long visits, String name, int hits, Double ratio) {
            this.region = region;
            this.visits = visits;
            this.name = name;
            this.hits = hits;
            this.ratio = ratio;
        }
    }

    static final class NoDefaultConstructor {
        final int value;

        NoDefaultConstructor(int value) {
            this.value = value;
        }
    }

    record Money(String currency, BigDecimal amount) {
    }

    private static final Reading A = new Reading("s1", 3, 100L, 20.5, 7, 0.5f, (short) 2, (byte) 1, true);
    private static final Reading B = new Reading("s2", -5, 250L, 19.0, 11, 0.25f, (short) 9, (byte) 4, false);

    @Test
    void shouldSumIntLongDoubleAndBoxedFieldsOfARecordKeepingTheOtherFieldsOfTheFirst() throws Exception {
        assertThat(FieldAggregator.<Reading>sum("count").reduce(A, B))
                .isEqualTo(new Reading("s1", -2, 100L, 20.5, 7, 0.5f, (short) 2, (byte) 1, true));
        assertThat(FieldAggregator.<Reading>sum("total").reduce(A, B))
                .isEqualTo(new Reading("s1", 3, 350L, 20.5, 7, 0.5f, (short) 2, (byte) 1, true));
        assertThat(FieldAggregator.<Reading>sum("temperature").reduce(A, B))
                .isEqualTo(new Reading("s1", 3, 100L, 39.5, 7, 0.5f, (short) 2, (byte) 1, true));
        assertThat(FieldAggregator.<Reading>sum("boxed").reduce(A, B))
                .isEqualTo(new Reading("s1", 3, 100L, 20.5, 18, 0.5f, (short) 2, (byte) 1, true));
        assertThat(FieldAggregator.<Reading>sum("ratio").reduce(A, B))
                .isEqualTo(new Reading("s1", 3, 100L, 20.5, 7, 0.75f, (short) 2, (byte) 1, true));
        assertThat(FieldAggregator.<Reading>sum("level").reduce(A, B))
                .isEqualTo(new Reading("s1", 3, 100L, 20.5, 7, 0.5f, (short) 11, (byte) 1, true));
        assertThat(FieldAggregator.<Reading>sum("flags").reduce(A, B))
                .isEqualTo(new Reading("s1", 3, 100L, 20.5, 7, 0.5f, (short) 2, (byte) 5, true));
    }

    @Test
    void shouldTakeTheMinimumOfAField() throws Exception {
        assertThat(FieldAggregator.<Reading>min("count").reduce(A, B).count()).isEqualTo(-5);
        assertThat(FieldAggregator.<Reading>min("total").reduce(A, B).total()).isEqualTo(100L);
        assertThat(FieldAggregator.<Reading>min("temperature").reduce(A, B).temperature()).isEqualTo(19.0);
        assertThat(FieldAggregator.<Reading>min("boxed").reduce(A, B).boxed()).isEqualTo(7);
        assertThat(FieldAggregator.<Reading>min("temperature").reduce(A, B))
                .isEqualTo(new Reading("s1", 3, 100L, 19.0, 7, 0.5f, (short) 2, (byte) 1, true));
    }

    @Test
    void shouldTakeTheMaximumOfAField() throws Exception {
        assertThat(FieldAggregator.<Reading>max("count").reduce(A, B).count()).isEqualTo(3);
        assertThat(FieldAggregator.<Reading>max("total").reduce(A, B).total()).isEqualTo(250L);
        assertThat(FieldAggregator.<Reading>max("temperature").reduce(A, B).temperature()).isEqualTo(20.5);
        assertThat(FieldAggregator.<Reading>max("boxed").reduce(A, B))
                .isEqualTo(new Reading("s1", 3, 100L, 20.5, 11, 0.5f, (short) 2, (byte) 1, true));
    }

    @Test
    void shouldFoldARunningAggregateOverManyElements() throws Exception {
        FieldAggregator<Reading> sum = FieldAggregator.sum("total");
        Reading acc = null;
        for (long t = 1; t <= 100; t++) {
            Reading next = new Reading("s" + t, 0, t, 0, 0, 0, (short) 0, (byte) 0, true);
            acc = acc == null ? next : sum.reduce(acc, next);
        }

        assertThat(acc.total()).isEqualTo(5050L);
        assertThat(acc.sensor()).isEqualTo("s1");
    }

    @Test
    void shouldNotModifyTheInputRecords() throws Exception {
        Reading a = new Reading("s1", 3, 100L, 20.5, 7, 0.5f, (short) 2, (byte) 1, true);
        Reading b = new Reading("s2", -5, 250L, 19.0, 11, 0.25f, (short) 9, (byte) 4, false);

        Reading result = FieldAggregator.<Reading>sum("count").reduce(a, b);

        assertThat(result).isNotSameAs(a).isNotSameAs(b);
        assertThat(a).isEqualTo(A);
        assertThat(b).isEqualTo(B);
    }

    @Test
    void shouldAggregateAPojoIncludingInheritedFieldsWithoutModifyingTheInputs() throws Exception {
        Counter a = new Counter("eu", 10, "a", 3, 0.5);
        Counter b = new Counter("us", 20, "b", 4, 0.25);

        Counter hits = FieldAggregator.<Counter>sum("hits").reduce(a, b);
        Counter ratio = FieldAggregator.<Counter>max("ratio").reduce(a, b);
        Counter visits = FieldAggregator.<Counter>sum("visits").reduce(a, b);

        assertThat(hits).isNotSameAs(a);
        assertThat(hits.hits).isEqualTo(7);
        assertThat(hits.name).isEqualTo("a");
        assertThat(hits.ratio).isEqualTo(0.5);
        assertThat(hits.region).isEqualTo("eu");
        assertThat(hits.visits).isEqualTo(10);
        assertThat(ratio.ratio).isEqualTo(0.5);
        assertThat(ratio.hits).isEqualTo(3);
        assertThat(visits.visits).isEqualTo(30);
        assertThat(visits.region).isEqualTo("eu");
        assertThat(visits.hits).isEqualTo(3);
        assertThat(new Object[] {a.region, a.visits, a.name, a.hits, a.ratio})
                .containsExactly("eu", 10L, "a", 3, 0.5);
        assertThat(new Object[] {b.region, b.visits, b.name, b.hits, b.ratio})
                .containsExactly("us", 20L, "b", 4, 0.25);
    }

    @Test
    void shouldRefuseAnUnknownFieldNamingTypeAndField() {
        assertThatThrownBy(() -> FieldAggregator.<Reading>sum("amount").reduce(A, B))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("type " + Reading.class.getName() + " has no field 'amount' to aggregate");
    }

    @Test
    void shouldRefuseANonNumericFieldNamingItsType() {
        assertThatThrownBy(() -> FieldAggregator.<Reading>sum("sensor").reduce(A, B))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("field 'sensor' of " + Reading.class.getName() + " is a java.lang.String, not a number;"
                        + " sum/min/max need a numeric field (byte, short, int, long, float, double or their boxed"
                        + " types)");
        assertThatThrownBy(() -> FieldAggregator.<Reading>max("valid").reduce(A, B))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("field 'valid' of " + Reading.class.getName() + " is a boolean, not a number");
    }

    @Test
    void shouldRefuseANumberTypeItCannotProduceAtBuildTimeRatherThanFailLater() {
        Money a = new Money("EUR", new BigDecimal("1.5"));
        Money b = new Money("EUR", new BigDecimal("2.5"));

        assertThatThrownBy(() -> FieldAggregator.<Money>sum("amount").reduce(a, b))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("field 'amount' of " + Money.class.getName()
                        + " is a java.math.BigDecimal, not a number");
    }

    @Test
    void shouldRefuseAClassWithoutNoArgumentConstructorSayingWhatToDo() {
        assertThatThrownBy(() -> FieldAggregator.<NoDefaultConstructor>sum("value")
                .reduce(new NoDefaultConstructor(1), new NoDefaultConstructor(2)))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("type " + NoDefaultConstructor.class.getName() + " needs a no-argument constructor (or"
                        + " must be a record) for sum/min/max by field name; or use the extractor form"
                        + " sum(x -> x.field())");
    }

    @Test
    void shouldRefuseAnEmptyFieldName() {
        assertThatThrownBy(() -> FieldAggregator.max(" "))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("field name must not be empty");
        assertThatThrownBy(() -> FieldAggregator.min(null))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("field name must not be empty");
    }

    @Test
    void shouldKeepWorkingAfterBeingCopiedToASubtask() throws Exception {
        FieldAggregator<Reading> used = FieldAggregator.sum("count");
        used.reduce(A, B);

        FieldAggregator<Reading> copy = UserObjects.copy(used, "sum(count)", getClass().getClassLoader());

        assertThat(copy).isNotSameAs(used);
        assertThat(copy.reduce(A, A).count()).isEqualTo(6);
    }
}
