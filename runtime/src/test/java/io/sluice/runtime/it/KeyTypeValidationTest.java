package io.sluice.runtime.it;

import io.sluice.api.InvalidJobException;
import io.sluice.api.JobFailedException;
import io.sluice.api.KeyedStream;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.functions.KeySelector;
import io.sluice.runtime.testing.CollectSink;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keys whose hash differs from one JVM to the next are refused: when the job is built if the key
 * selector declares the key type, else at the first such key while the job runs.
 */
class KeyTypeValidationTest {

    enum Color { RED, GREEN, BLUE }

    record Order(String id, Color color, int amount) {
    }

    record Region(String name, int zone) {
    }

    record ColorKey(String region, Color color) {
    }

    /** Neither hashCode nor equals: hashed by identity. */
    static final class Plain implements java.io.Serializable {
        final String id;

        Plain(String id) {
            this.id = id;
        }
    }

    static final class ByColor implements KeySelector<Order, Color> {
        @Override
        public Color getKey(Order order) {
            return order.color();
        }
    }

    private static final String CONSEQUENCE = ", so after a restart its keyed state would sit in another key group"
            + " and be missed; ";
    private static final String IDENTITY = "its hashCode is the identity hash, which differs from one JVM to the next";
    private static final String ENUM_MESSAGE = "operator 'count-per-color' is keyed by " + Color.class.getName()
            + ", an enum: " + IDENTITY + CONSEQUENCE + "key by the enum's name() or ordinal() instead";

    private static final List<Order> ORDERS = List.of(new Order("a", Color.RED, 1), new Order("b", Color.GREEN, 2),
            new Order("c", Color.RED, 3), new Order("d", Color.BLUE, 4));

    private static <K> void countBy(StreamEnvironment env, KeySelector<Order, K> key) {
        KeyedStream<K, Order> keyed = env.fromCollection(ORDERS).keyBy(key);
        keyed.reduce((a, b) -> new Order(a.id(), a.color(), a.amount() + b.amount())).name("count-per-color")
                .sinkTo(new CollectSink<>());
    }

    /** Generic in {@code K}, so that a lambda passed here declares its key type as it does passed to keyBy. */
    private static <K> void assertRefusedWhenBuilt(KeySelector<Order, K> key, String message) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        countBy(env, key);
        assertThatThrownBy(() -> env.execute("refused")).isInstanceOf(InvalidJobException.class).hasMessage(message);
    }

    @Test
    void shouldRefuseAnEnumKeyOfAMethodReferenceWhenTheJobIsBuilt() {
        assertRefusedWhenBuilt(Order::color, ENUM_MESSAGE);
    }

    @Test
    void shouldRefuseAnEnumKeyOfALambdaWhenTheJobIsBuilt() {
        assertRefusedWhenBuilt(o -> o.color(), ENUM_MESSAGE);
    }

    @Test
    void shouldRefuseAnEnumKeyOfAKeySelectorClassWhenTheJobIsBuilt() {
        assertRefusedWhenBuilt(new ByColor(), ENUM_MESSAGE);
    }

    @Test
    void shouldRefuseAnArrayKeyWhenTheJobIsBuilt() {
        assertRefusedWhenBuilt(o -> o.id().getBytes(), "operator 'count-per-color' is keyed by byte[], an array: "
                + IDENTITY + CONSEQUENCE + "key by a String, a List or a record of its elements instead");
    }

    @Test
    void shouldRefuseAKeyThatHashesByIdentityWhenTheJobIsBuilt() {
        assertRefusedWhenBuilt(o -> new Plain(o.id()), "operator 'count-per-color' is keyed by "
                + Plain.class.getTypeName() + ", which does not override hashCode and equals: " + IDENTITY
                + CONSEQUENCE + "override both, or key by a record or a String instead");
    }

    @Test
    void shouldRefuseARecordKeyWithAnEnumComponentWhenTheJobIsBuilt() {
        assertRefusedWhenBuilt(o -> new ColorKey(o.id(), o.color()), "operator 'count-per-color' is keyed by "
                + ColorKey.class.getTypeName() + ", a record whose component 'color' is " + Color.class.getTypeName()
                + ", an enum: " + IDENTITY + CONSEQUENCE + "key by the enum's name() or ordinal() instead");
    }

    @Test
    void shouldRefuseAnEnumKeyBehindAUnionToo() {
        StreamEnvironment env = StreamEnvironment.create();
        env.fromCollection(ORDERS).union(env.fromCollection(ORDERS)).keyBy(Order::color)
                .map(o -> o).name("after-union").sinkTo(new CollectSink<>());
        assertThatThrownBy(() -> env.execute("refused")).isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("operator 'after-union' is keyed by " + Color.class.getName() + ", an enum");
    }

    @Test
    void shouldRefuseAnEnumKeyAtTheFirstKeyWhenTheDeclaredTypeIsNotKnown() {
        for (int parallelism : new int[] {1, 2}) { // 1: the keyed operator checks; 2: the key-group partitioner
            StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism);
            KeySelector<Order, Object> undeclared = o -> o.color();
            countBy(env, undeclared);
            assertThatThrownBy(() -> env.execute("refused-at-run-time"))
                    .as("parallelism %d", parallelism)
                    .isInstanceOf(JobFailedException.class)
                    .hasMessageContaining("failed: io.sluice.api.InvalidJobException: " + ENUM_MESSAGE);
        }
    }

    @Test
    void shouldRefuseAGenericKeyTypeAtTheFirstKey() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        countBy(env, generic(o -> new Plain(o.id())));
        assertThatThrownBy(() -> env.execute("refused-at-run-time"))
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("io.sluice.api.InvalidJobException: operator 'count-per-color' is keyed by "
                        + Plain.class.getTypeName() + ", which does not override hashCode and equals");
    }

    @Test
    void shouldAcceptStringRecordAndBoxedKeysAndTheEnumsName() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        CollectSink<Integer> byName = new CollectSink<>();
        CollectSink<Integer> byRecord = new CollectSink<>();
        CollectSink<Integer> byOrdinal = new CollectSink<>();
        CollectSink<Integer> byUndeclaredString = new CollectSink<>();
        KeySelector<Order, Object> undeclared = o -> o.color().name();
        env.fromCollection(ORDERS).keyBy(o -> o.color().name()).map(Order::amount).sinkTo(byName);
        env.fromCollection(ORDERS).keyBy(o -> new Region(o.color().name(), 1)).reduce(KeyTypeValidationTest::add)
                .map(Order::amount).sinkTo(byRecord);
        env.fromCollection(ORDERS).keyBy(o -> o.color().ordinal()).reduce(KeyTypeValidationTest::add)
                .map(Order::amount).sinkTo(byOrdinal);
        env.fromCollection(ORDERS).keyBy(undeclared).reduce(KeyTypeValidationTest::add)
                .map(Order::amount).sinkTo(byUndeclaredString);
        env.execute("accepted-keys");

        assertThat(byName.values()).containsExactlyInAnyOrder(1, 2, 3, 4);
        assertThat(byRecord.values()).containsExactlyInAnyOrder(1, 2, 4, 4);
        assertThat(byOrdinal.values()).containsExactlyInAnyOrder(1, 2, 4, 4);
        assertThat(byUndeclaredString.values()).containsExactlyInAnyOrder(1, 2, 4, 4);
    }

    private static Order add(Order a, Order b) {
        return new Order(a.id(), a.color(), a.amount() + b.amount());
    }

    /** A key selector made in a generic method: its key type is erased, so only the keys tell. */
    private static <K> KeySelector<Order, K> generic(SerializableFunction<Order, K> f) {
        return f::apply;
    }

    interface SerializableFunction<T, R> extends Function<T, R>, java.io.Serializable {
    }
}
