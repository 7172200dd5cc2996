package io.sluice.api.internal;

import io.sluice.api.InvalidJobException;
import io.sluice.api.functions.KeySelector;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which key types are refused, and which declared key types are seen when the job is built. */
class KeyTypesTest {

    enum Level { LOW, HIGH { } }

    record Node(String id, Node next) {
    }

    record Wrapped(Object anything, List<String> names) {
    }

    record Nested(String id, Inner inner) {
    }

    record Inner(int[] values) {
    }

    static final class OnlyHashCode {
        @Override
        public int hashCode() {
            return 1;
        }
    }

    static final class Both {
        @Override
        public int hashCode() {
            return 1;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Both;
        }
    }

    static class ListKey implements KeySelector<String, List<String>> {
        @Override
        public List<String> getKey(String value) {
            return List.of(value);
        }
    }

    @Test
    void shouldAcceptStringsBoxedNumbersRecordsAndClassesOverridingBoth() {
        for (Class<?> ok : new Class<?>[] {String.class, Long.class, Integer.class, Node.class, Wrapped.class,
                Both.class, java.util.ArrayList.class}) {
            assertThatCode(() -> KeyTypes.check(ok, "op")).as(ok.getName()).doesNotThrowAnyException();
        }
    }

    @Test
    void shouldRefuseEnumsIncludingConstantsWithABody() {
        assertThatThrownBy(() -> KeyTypes.check(Level.HIGH.getClass(), "op")).isInstanceOf(InvalidJobException.class)
                .hasMessageContaining(", an enum: ");
        assertThatThrownBy(() -> KeyTypes.check(Level.class, "op")).hasMessageContaining(", an enum: ");
    }

    @Test
    void shouldRefuseAClassThatOverridesOnlyOneOfHashCodeAndEquals() {
        assertThatThrownBy(() -> KeyTypes.check(OnlyHashCode.class, "op"))
                .hasMessageContaining("which does not override hashCode and equals");
        assertThatThrownBy(() -> KeyTypes.check(Object.class, "op"))
                .hasMessageContaining("which does not override hashCode and equals");
    }

    @Test
    void shouldRefuseARecordWithAnArrayInsideANestedRecord() {
        assertThatThrownBy(() -> KeyTypes.check(Nested.class, "op"))
                .hasMessageStartingWith("operator 'op' is keyed by " + Nested.class.getTypeName() + ", a record whose"
                        + " component 'inner' is " + Inner.class.getTypeName() + ", a record whose component 'values'"
                        + " is int[], an array: ");
    }

    @Test
    void shouldSeeTheDeclaredKeyTypeOfLambdasMethodReferencesAndClasses() {
        KeySelector<Level, Level> identity = l -> l;
        KeySelector<Node, String> id = Node::id;
        KeySelector<String, Object> undeclared = s -> s;
        assertThat(KeyTypes.declaredKeyType(identity)).isEqualTo(Level.class);
        assertThat(KeyTypes.declaredKeyType(id)).isEqualTo(String.class);
        assertThat(KeyTypes.declaredKeyType(undeclared)).isEqualTo(Object.class);
        assertThat(KeyTypes.declaredKeyType(new ListKey())).isEqualTo(List.class);
        assertThat(KeyTypes.declaredKeyType(new ListKey() { })).isEqualTo(List.class);
    }

    @Test
    void shouldLeaveObjectAndInterfaceKeyTypesToTheRuntime() {
        KeySelector<String, Object> undeclared = s -> s;
        assertThatCode(() -> KeyTypes.checkDeclared(undeclared, "op")).doesNotThrowAnyException();
        assertThatCode(() -> KeyTypes.checkDeclared(new ListKey(), "op")).doesNotThrowAnyException();
        KeySelector<String, Level> level = s -> Level.LOW;
        assertThatThrownBy(() -> KeyTypes.checkDeclared(level, "op")).hasMessageContaining(", an enum: ");
    }
}
