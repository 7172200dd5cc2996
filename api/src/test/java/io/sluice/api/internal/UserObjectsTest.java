package io.sluice.api.internal;

import io.sluice.api.InvalidJobException;
import io.sluice.api.functions.MapFunction;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserObjectsTest {

    private static final ClassLoader LOADER = UserObjectsTest.class.getClassLoader();

    /** A function with mutable, nested state, as a user's counting function might have. */
    static final class Tally implements MapFunction<String, Integer> {
        final Map<String, List<Integer>> seen = new HashMap<>();
        int calls;

        @Override
        public Integer map(String value) {
            calls++;
            seen.computeIfAbsent(value, k -> new ArrayList<>()).add(calls);
            return calls;
        }
    }

    static final class Holder implements Serializable {
        final Object resource;

        Holder(Object resource) {
            this.resource = resource;
        }
    }

    @Test
    void shouldReturnAnIndependentDeepCopy() throws Exception {
        Tally original = new Tally();
        original.map("a");

        Tally copy = UserObjects.copy(original, "tally", LOADER);
        copy.map("a");
        copy.map("b");

        assertThat(copy).isNotSameAs(original);
        assertThat(copy.seen.get("a")).isNotSameAs(original.seen.get("a"));
        assertThat(original.calls).isEqualTo(1);
        assertThat(original.seen).isEqualTo(Map.of("a", List.of(1)));
        assertThat(copy.calls).isEqualTo(3);
        assertThat(copy.seen).isEqualTo(Map.of("a", List.of(1, 2), "b", List.of(3)));
    }

    @Test
    void shouldCopyALambdaWithItsSerializableCaptures() throws Exception {
        List<String> prefixes = new ArrayList<>(List.of("x-"));
        MapFunction<String, String> prefix = s -> prefixes.get(0) + s;

        MapFunction<String, String> copy = UserObjects.copy(prefix, "prefix", LOADER);
        prefixes.set(0, "changed-");

        assertThat(copy.map("a")).isEqualTo("x-a");
        assertThat(prefix.map("a")).isEqualTo("changed-a");
    }

    @Test
    void shouldCopyNullAsNull() {
        assertThat(UserObjects.<Object>copy(null, "none", LOADER)).isNull();
    }

    @Test
    void shouldRefuseToCopyALambdaCapturingANonSerializableObjectNamingTheOperator() {
        Object lock = new Object();
        MapFunction<String, String> locked = s -> {
            synchronized (lock) {
                return s;
            }
        };

        assertThatThrownBy(() -> UserObjects.copy(locked, "enrich", LOADER))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("the lambda " + UserObjectsTest.class.getName() + "::lambda of operator 'enrich' cannot"
                        + " be copied to its parallel subtasks: java.lang.Object is not serializable. Functions,"
                        + " sources and sinks, and everything they capture, must be java.io.Serializable; create"
                        + " non-serializable resources in open() instead");
    }

    @Test
    void shouldRefuseToCopyAnObjectHoldingANonSerializableFieldNamingTheClass() {
        Holder holder = new Holder(Thread.currentThread());

        assertThatThrownBy(() -> UserObjects.copy(holder, "sink", LOADER))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("the " + Holder.class.getName() + " of operator 'sink' cannot be copied")
                .hasMessageContaining("java.lang.Thread is not serializable");
        assertThatThrownBy(() -> UserObjects.checkCopyable(holder, "sink"))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("the " + Holder.class.getName() + " of operator 'sink' cannot be copied");
    }

    @Test
    void shouldAcceptSerializableObjectsAndNullWhenChecking() throws Exception {
        Holder fine = new Holder("a string");

        UserObjects.checkCopyable(fine, "ok");
        UserObjects.checkCopyable(null, "ok");

        assertThat(UserObjects.copy(fine, "ok", LOADER).resource).isEqualTo("a string");
    }

    /** Immutable and shareable, though it holds something that cannot be serialized. */
    static final class SharedTable implements SharedAcrossSubtasks {
        final Object rows = new Object();
    }

    @Test
    void shouldShareAnObjectMarkedSharedAcrossSubtasksInsteadOfCopyingIt() {
        SharedTable table = new SharedTable();

        UserObjects.checkCopyable(table, "lookup");

        assertThat(UserObjects.copy(table, "lookup", LOADER)).isSameAs(table);
    }

    @Test
    void shouldLoadClassesOfTheCopyThroughTheGivenLoader() {
        List<String> seen = new ArrayList<>();
        ClassLoader recording = new ClassLoader(LOADER) {
            @Override
            public Class<?> loadClass(String name) throws ClassNotFoundException {
                seen.add(name);
                return super.loadClass(name);
            }
        };

        Tally copy = UserObjects.copy(new Tally(), "tally", recording);

        assertThat(copy.getClass()).isEqualTo(Tally.class);
        assertThat(seen).contains(Tally.class.getName());
    }
}
