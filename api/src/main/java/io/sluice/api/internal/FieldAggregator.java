package io.sluice.api.internal;

import io.sluice.api.InvalidJobException;
import io.sluice.api.functions.ReduceFunction;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;

/**
 * Sum, min or max of one numeric field, by name, for records and for classes with a no-argument
 * constructor. The result is a copy of the accumulated element with that field replaced (the input
 * is never changed). The field is looked up once per subtask, on first use.
 */
public final class FieldAggregator<T> implements ReduceFunction<T> {

    private enum Op { SUM, MIN, MAX }

    private final String field;
    private final Op op;
    private transient Accessor accessor;

    private FieldAggregator(String field, Op op) {
        if (field == null || field.isBlank()) {
            throw new InvalidJobException("field name must not be empty");
        }
        this.field = field;
        this.op = op;
    }

    public static <T> FieldAggregator<T> sum(String field) {
        return new FieldAggregator<>(field, Op.SUM);
    }

    public static <T> FieldAggregator<T> min(String field) {
        return new FieldAggregator<>(field, Op.MIN);
    }

    public static <T> FieldAggregator<T> max(String field) {
        return new FieldAggregator<>(field, Op.MAX);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T reduce(T accumulated, T value) throws Exception {
        if (accessor == null) {
            accessor = Accessor.of(accumulated.getClass(), field);
        }
        Number a = accessor.get(accumulated);
        Number b = accessor.get(value);
        Number result = combine(accessor.type, a, b);
        return (T) accessor.with(accumulated, result);
    }

    private Number combine(Class<?> type, Number a, Number b) {
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            double x = a.doubleValue();
            double y = b.doubleValue();
            double r = op == Op.SUM ? x + y : op == Op.MIN ? Math.min(x, y) : Math.max(x, y);
            return (type == float.class || type == Float.class) ? (Number) (float) r : (Number) r;
        }
        long x = a.longValue();
        long y = b.longValue();
        long r = op == Op.SUM ? x + y : op == Op.MIN ? Math.min(x, y) : Math.max(x, y);
        if (type == int.class || type == Integer.class) return (int) r;
        if (type == short.class || type == Short.class) return (short) r;
        if (type == byte.class || type == Byte.class) return (byte) r;
        return r;
    }

    /** Reads the field and builds a copy with it replaced. */
    private static final class Accessor {
        /** The types {@link #combine} can produce a value of. */
        static final java.util.Set<Class<?>> NUMERIC = java.util.Set.of(byte.class, short.class, int.class,
                long.class, float.class, double.class, Byte.class, Short.class, Integer.class, Long.class,
                Float.class, Double.class);

        final Class<?> type;
        final Field field;
        final RecordComponent[] components;
        final int index;
        final Constructor<?> constructor;
        final Field[] allFields;

        private Accessor(Class<?> type, Field field, RecordComponent[] components, int index,
                         Constructor<?> constructor, Field[] allFields) {
            this.type = type;
            this.field = field;
            this.components = components;
            this.index = index;
            this.constructor = constructor;
            this.allFields = allFields;
        }

        static Accessor of(Class<?> c, String name) throws NoSuchMethodException {
            Field f = null;
            for (Class<?> k = c; f == null && k != null && k != Object.class; k = k.getSuperclass()) {
                try {
                    f = k.getDeclaredField(name);
                } catch (NoSuchFieldException e) {
                    // look in the superclass: a field may be inherited
                }
            }
            if (f == null || Modifier.isStatic(f.getModifiers())) {
                throw new InvalidJobException("type " + c.getName() + " has no field '" + name + "' to aggregate");
            }
            Class<?> t = f.getType();
            if (!NUMERIC.contains(t)) {
                throw new InvalidJobException("field '" + name + "' of " + c.getName() + " is a " + t.getName()
                        + ", not a number; sum/min/max need a numeric field (byte, short, int, long, float,"
                        + " double or their boxed types)");
            }
            f.setAccessible(true);
            if (c.isRecord()) {
                RecordComponent[] comps = c.getRecordComponents();
                Class<?>[] types = new Class<?>[comps.length];
                int idx = -1;
                for (int i = 0; i < comps.length; i++) {
                    types[i] = comps[i].getType();
                    comps[i].getAccessor().setAccessible(true);
                    if (comps[i].getName().equals(name)) {
                        idx = i;
                    }
                }
                Constructor<?> ctor = c.getDeclaredConstructor(types);
                ctor.setAccessible(true);
                return new Accessor(t, f, comps, idx, ctor, null);
            }
            Constructor<?> ctor;
            try {
                ctor = c.getDeclaredConstructor();
            } catch (NoSuchMethodException e) {
                throw new InvalidJobException("type " + c.getName() + " needs a no-argument constructor (or must be"
                        + " a record) for sum/min/max by field name; or use the extractor form sum(x -> x.field())");
            }
            ctor.setAccessible(true);
            java.util.List<Field> fields = new java.util.ArrayList<>();
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                for (Field each : k.getDeclaredFields()) {
                    if (!Modifier.isStatic(each.getModifiers())) {
                        each.setAccessible(true);
                        fields.add(each);
                    }
                }
            }
            return new Accessor(t, f, null, -1, ctor, fields.toArray(new Field[0]));
        }

        Number get(Object o) throws IllegalAccessException {
            return (Number) field.get(o);
        }

        Object with(Object o, Number value) throws ReflectiveOperationException {
            if (components != null) {
                Object[] args = new Object[components.length];
                for (int i = 0; i < components.length; i++) {
                    args[i] = i == index ? value : components[i].getAccessor().invoke(o);
                }
                return constructor.newInstance(args);
            }
            Object copy = constructor.newInstance();
            for (Field each : allFields) {
                each.set(copy, each.get(o));
            }
            field.set(copy, value);
            return copy;
        }
    }
}
