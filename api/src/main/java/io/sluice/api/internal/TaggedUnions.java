package io.sluice.api.internal;

import io.sluice.api.CoGroupedStreams.TaggedUnion;
import io.sluice.api.functions.KeySelector;
import io.sluice.api.functions.MapFunction;
import io.sluice.api.serialization.TypeSerializer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * The plumbing of window joins and coGroups: both inputs are tagged into one
 * {@link TaggedUnion} type, keyed by their own selectors and written to window state with their
 * own serializers.
 */
public final class TaggedUnions {

    private TaggedUnions() {
    }

    /** Tags an element of the first input. */
    public static final class TagOne<T1, T2> implements MapFunction<T1, TaggedUnion<T1, T2>> {
        private static final long serialVersionUID = 1L;

        @Override
        public TaggedUnion<T1, T2> map(T1 value) {
            return TaggedUnion.one(value);
        }
    }

    /** Tags an element of the second input. */
    public static final class TagTwo<T1, T2> implements MapFunction<T2, TaggedUnion<T1, T2>> {
        private static final long serialVersionUID = 1L;

        @Override
        public TaggedUnion<T1, T2> map(T2 value) {
            return TaggedUnion.two(value);
        }
    }

    /** The key of a tagged element: by the first input's selector or the second's. */
    public static final class UnionKeySelector<T1, T2, K> implements KeySelector<TaggedUnion<T1, T2>, K> {
        private static final long serialVersionUID = 1L;

        private final KeySelector<T1, K> keySelector1;
        private final KeySelector<T2, K> keySelector2;

        public UnionKeySelector(KeySelector<T1, K> keySelector1, KeySelector<T2, K> keySelector2) {
            this.keySelector1 = keySelector1;
            this.keySelector2 = keySelector2;
        }

        @Override
        public K getKey(TaggedUnion<T1, T2> value) throws Exception {
            return value.isOne() ? keySelector1.getKey(value.getOne()) : keySelector2.getKey(value.getTwo());
        }
    }

    /** Writes a tag byte, then the element with its input's serializer (window contents live in state). */
    public static final class Serializer<T1, T2> implements TypeSerializer<TaggedUnion<T1, T2>> {
        private static final long serialVersionUID = 1L;

        private final TypeSerializer<T1> serializer1;
        private final TypeSerializer<T2> serializer2;

        public Serializer(TypeSerializer<T1> serializer1, TypeSerializer<T2> serializer2) {
            this.serializer1 = Objects.requireNonNull(serializer1, "serializer1");
            this.serializer2 = Objects.requireNonNull(serializer2, "serializer2");
        }

        @Override
        public void serialize(TaggedUnion<T1, T2> value, DataOutput out) throws IOException {
            if (value.isOne()) {
                out.writeByte(1);
                serializer1.serialize(value.getOne(), out);
            } else {
                out.writeByte(2);
                serializer2.serialize(value.getTwo(), out);
            }
        }

        @Override
        public TaggedUnion<T1, T2> deserialize(DataInput in) throws IOException {
            byte tag = in.readByte();
            return switch (tag) {
                case 1 -> TaggedUnion.one(serializer1.deserialize(in));
                case 2 -> TaggedUnion.two(serializer2.deserialize(in));
                default -> throw new IOException("corrupt tagged union: tag " + tag + ", expected 1 or 2");
            };
        }

        @Override
        public String typeName() {
            return "TaggedUnion<" + serializer1.typeName() + "," + serializer2.typeName() + ">";
        }
    }
}
