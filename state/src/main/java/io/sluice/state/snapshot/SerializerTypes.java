package io.sluice.state.snapshot;

import io.sluice.state.RecordSerializer;
import io.sluice.api.serialization.InferringSerializer;
import io.sluice.api.serialization.SerializationException;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.state.ttl.TtlStates;

/**
 * Between serializers and the {@link TypeRecord}s of snapshots: what to record of a serializer, and
 * on restore, an inferring serializer that has seen nothing yet adopting the recorded class (so
 * restored state can be read before the first element), or a type that differs from the recorded
 * one refused with a message naming what, the operator and both types. Task thread only.
 */
public final class SerializerTypes {

    private SerializerTypes() {
    }

    /** What a snapshot records of a state's value or map-key serializer (as the backend holds it, maybe with time to live). */
    public static TypeRecord recordOf(TypeSerializer<?> backendSerializer) {
        TypeSerializer<?> s = valuesOf(backendSerializer);
        if (s instanceof InferringSerializer<?> inferring) {
            Class<?> type = inferring.inferredType();
            return type == null ? TypeRecord.UNKNOWN : TypeRecord.inferred(type, s.typeName());
        }
        return TypeRecord.declared(s.typeName());
    }

    /** Brings {@code recorded} to a state's serializer now: {@link #prepare} and run. */
    public static void adopt(TypeRecord recorded, TypeSerializer<?> backendSerializer, String what, String operatorName,
                             ClassLoader fallback) {
        prepare(recorded, backendSerializer, what, operatorName, fallback).run();
    }

    /**
     * Checks that state recorded as {@code recorded} can be read with a state's serializer, without
     * changing anything, and returns what restoring does to it: an inferring serializer that has
     * seen nothing takes the recorded class; any other must have a compatible type already.
     *
     * @param what     e.g. "the values of state 'counts'", for messages
     * @param fallback where to load recorded classes when the thread's context class loader cannot
     * @throws IllegalStateException when the class cannot be loaded or the types differ
     */
    public static Runnable prepare(TypeRecord recorded, TypeSerializer<?> backendSerializer, String what,
                                   String operatorName, ClassLoader fallback) {
        if (!recorded.known()) {
            return () -> { };
        }
        TypeSerializer<?> s = valuesOf(backendSerializer);
        if (s instanceof InferringSerializer<?> inferring && inferring.inferredType() == null
                && recorded.origin() == TypeRecord.Origin.INFERRED) {
            Class<?> type = load(recorded.className(), what, operatorName, fallback);
            requireSerializer(type, what, operatorName);
            return () -> inferring.inferFrom(type);
        }
        requireCompatible(recorded, recordOf(s), what, operatorName);
        return () -> { };
    }

    /** The serializer of the values a state holds: inside a time-to-live wrapper, or inside records. */
    private static TypeSerializer<?> valuesOf(TypeSerializer<?> backendSerializer) {
        TypeSerializer<?> s = TtlStates.valueSerializerOf(backendSerializer);
        return s instanceof RecordSerializer r ? r.contents() : s;
    }

    /** The serializer of a recorded class, which must still have one. */
    public static TypeSerializer<?> requireSerializer(Class<?> type, String what, String operatorName) {
        try {
            return Serializers.of(type);
        } catch (SerializationException e) {
            throw new IllegalStateException("cannot restore " + what + " of operator '" + operatorName
                    + "': the snapshot recorded their type as " + type.getName() + ", which has no serializer now: "
                    + e.getMessage(), e);
        }
    }

    /** Refuses to read what was recorded as {@code recorded} as {@code now}. */
    public static void requireCompatible(TypeRecord recorded, TypeRecord now, String what, String operatorName) {
        if (!recorded.compatibleWith(now)) {
            throw new IllegalStateException("cannot restore " + what + " of operator '" + operatorName
                    + "': the snapshot recorded their type as " + recorded + ", but "
                    + (now.origin() == TypeRecord.Origin.DECLARED ? "they are now declared as " : "they are now ")
                    + now + "; restore with the type the snapshot was taken with");
        }
    }

    /**
     * The class named in a snapshot: from the thread's context class loader (the job's), else from
     * {@code fallback}; a class neither knows is an error naming it, what it is for and the operator.
     */
    public static Class<?> load(String className, String what, String operatorName, ClassLoader fallback) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            try {
                return Class.forName(className, false, context);
            } catch (ClassNotFoundException | LinkageError e) {
                // not the job's: try the backend's own loader
            }
        }
        try {
            return Class.forName(className, false, fallback);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("cannot restore " + what + " of operator '" + operatorName
                    + "': the snapshot recorded their type as class " + className + ", which cannot be loaded ("
                    + e + "); put the class on the job's class path, or restore into a job that has it", e);
        }
    }
}
