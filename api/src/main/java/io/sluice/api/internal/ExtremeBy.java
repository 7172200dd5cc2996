package io.sluice.api.internal;

import io.sluice.api.InvalidJobException;
import io.sluice.api.functions.DoubleExtractor;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.functions.RuntimeContext;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * {@code minBy}/{@code maxBy}: keeps the whole element whose value is the smallest (or largest) so
 * far, and the earlier one on ties, as Flink's {@code minBy}/{@code maxBy} do. The value is a field
 * read by name (any {@link Comparable}, a primitive included) or a {@code double} from an extractor,
 * compared with {@link Double#compare} (so {@code NaN} is above every number). Never builds an
 * element: it returns one of its two arguments.
 */
public abstract sealed class ExtremeBy<T> implements ReduceFunction<T> {

    final boolean max;

    private ExtremeBy(boolean max) {
        this.max = max;
    }

    public static <T> ExtremeBy<T> minBy(String field) {
        return new ByField<>(field, false);
    }

    public static <T> ExtremeBy<T> maxBy(String field) {
        return new ByField<>(field, true);
    }

    public static <T> ExtremeBy<T> minBy(DoubleExtractor<T> extractor) {
        return new ByExtractor<>(extractor, false);
    }

    public static <T> ExtremeBy<T> maxBy(DoubleExtractor<T> extractor) {
        return new ByExtractor<>(extractor, true);
    }

    /** Negative when {@code value} comes before {@code accumulated} in ascending order. */
    abstract int compare(T value, T accumulated) throws Exception;

    @Override
    public T reduce(T accumulated, T value) throws Exception {
        int c = compare(value, accumulated);
        return (max ? c > 0 : c < 0) ? value : accumulated;
    }

    private static final class ByExtractor<T> extends ExtremeBy<T> {
        private final DoubleExtractor<T> extractor;

        ByExtractor(DoubleExtractor<T> extractor, boolean max) {
            super(max);
            this.extractor = extractor;
        }

        @Override
        public void open(RuntimeContext context) throws Exception {
            FunctionLifecycle.open(extractor, context);
        }

        @Override
        public void close() throws Exception {
            extractor.close();
        }

        @Override
        int compare(T value, T accumulated) throws Exception {
            return Double.compare(extractor.extract(value), extractor.extract(accumulated));
        }
    }

    private static final class ByField<T> extends ExtremeBy<T> {
        private final String name;
        private transient Field field;

        ByField(String name, boolean max) {
            super(max);
            if (name == null || name.isBlank()) {
                throw new InvalidJobException("field name must not be empty");
            }
            this.name = name;
        }

        /** A {@code null} field value is never chosen while the key has an element with a value. */
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        int compare(T value, T accumulated) throws Exception {
            if (field == null) {
                field = lookUp(accumulated.getClass());
            }
            Comparable a = (Comparable) field.get(value);
            Comparable b = (Comparable) field.get(accumulated);
            if (a == null || b == null) {
                int nullLast = a == null ? (b == null ? 0 : 1) : -1;
                return max ? -nullLast : nullLast;
            }
            return a.compareTo(b);
        }

        private Field lookUp(Class<?> c) {
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (f.getName().equals(name) && !Modifier.isStatic(f.getModifiers())) {
                        if (!f.getType().isPrimitive() && !Comparable.class.isAssignableFrom(f.getType())
                                && f.getType() != Object.class) {
                            throw new InvalidJobException("field '" + name + "' of " + c.getName() + " is a "
                                    + f.getType().getName() + ", which is not Comparable; minBy/maxBy by field need a"
                                    + " number, a String or another Comparable, or use minBy(x -> x.field())");
                        }
                        f.setAccessible(true);
                        return f;
                    }
                }
            }
            throw new InvalidJobException("type " + c.getName() + " has no field '" + name + "' for minBy/maxBy");
        }
    }
}
