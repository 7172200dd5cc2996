package io.sluice.api.windowing;

import io.sluice.api.serialization.TypeSerializer;

import java.io.DataInput;
import java.io.DataOutput;

/** The single window that holds every element of a key; it ends only with the input. */
public final class GlobalWindow extends Window {

    public static final GlobalWindow INSTANCE = new GlobalWindow();

    private GlobalWindow() {
    }

    @Override
    public long maxTimestamp() {
        return Long.MAX_VALUE;
    }

    @Override
    public String toString() {
        return "GlobalWindow";
    }

    public static final TypeSerializer<GlobalWindow> SERIALIZER = new TypeSerializer<>() {
        @Override
        public void serialize(GlobalWindow w, DataOutput out) {
        }

        @Override
        public GlobalWindow deserialize(DataInput in) {
            return INSTANCE;
        }

        @Override
        public String typeName() {
            return "GlobalWindow";
        }
    };
}
