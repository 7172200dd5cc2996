package io.sluice.state.snapshot;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What a snapshot records of the type of keys, values or map keys: whether the serializer was
 * inferred from the first object (then the class it was inferred from, so a restore can read the
 * state back before it sees any object) or declared (then its type name, so a restore can refuse
 * another declared type), or nothing when no object was seen.
 *
 * @param className the inferred class's name; null unless {@link Origin#INFERRED}
 * @param typeName  the serializer's {@code typeName()}; null when {@link Origin#UNKNOWN}
 */
public record TypeRecord(Origin origin, String className, String typeName) {

    /** How the serializer's type was decided. Its ordinal is written to snapshots: only ever append. */
    public enum Origin { UNKNOWN, INFERRED, DECLARED }

    public static final TypeRecord UNKNOWN = new TypeRecord(Origin.UNKNOWN, null, null);
    /** Type names are for messages and comparison; longer ones are cut, the same way on both sides. */
    static final int MAX_TYPE_NAME = 1024;

    public TypeRecord {
        if ((origin == Origin.INFERRED) != (className != null) || (origin == Origin.UNKNOWN) != (typeName == null)) {
            throw new IllegalArgumentException("inconsistent type record " + origin + " " + className + " " + typeName);
        }
        if (typeName != null && typeName.length() > MAX_TYPE_NAME) {
            typeName = typeName.substring(0, MAX_TYPE_NAME);
        }
    }

    public static TypeRecord inferred(Class<?> type, String typeName) {
        return new TypeRecord(Origin.INFERRED, type.getName(), typeName == null ? type.getName() : typeName);
    }

    public static TypeRecord declared(String typeName) {
        return new TypeRecord(Origin.DECLARED, null, String.valueOf(typeName));
    }

    public boolean known() {
        return origin != Origin.UNKNOWN;
    }

    /**
     * Whether a state recorded as this may be read as {@code now}: unknown on either side says
     * nothing; two inferred types must be the same class; otherwise the serializers' type names
     * must be equal (an inferred {@code java.lang.Long} and a declared {@code Serializers.LONG} are
     * both "Long").
     */
    public boolean compatibleWith(TypeRecord now) {
        if (!known() || !now.known()) {
            return true;
        }
        if (origin == Origin.INFERRED && now.origin == Origin.INFERRED) {
            return className.equals(now.className);
        }
        return typeName.equals(now.typeName);
    }

    /** The record that says more: this unless it is unknown. */
    public TypeRecord orElse(TypeRecord other) {
        return known() ? this : other;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeByte(origin.ordinal());
        if (origin == Origin.INFERRED) {
            out.writeUTF(className);
        }
        if (origin != Origin.UNKNOWN) {
            out.writeUTF(typeName);
        }
    }

    static TypeRecord readFrom(DataInput in, String where) throws IOException {
        int o = in.readUnsignedByte();
        if (o >= Origin.values().length) {
            throw SnapshotReader.malformed(where, "a type of unknown origin " + o);
        }
        Origin origin = Origin.values()[o];
        return switch (origin) {
            case UNKNOWN -> UNKNOWN;
            case INFERRED -> new TypeRecord(origin, in.readUTF(), in.readUTF());
            case DECLARED -> new TypeRecord(origin, null, in.readUTF());
        };
    }

    @Override
    public String toString() {
        return switch (origin) {
            case UNKNOWN -> "unknown (nothing was stored)";
            case INFERRED -> className + " (inferred from the first value)";
            case DECLARED -> "'" + typeName + "' (declared)";
        };
    }
}
