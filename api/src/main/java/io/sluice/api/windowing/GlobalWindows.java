package io.sluice.api.windowing;

import io.sluice.api.serialization.TypeSerializer;

import java.util.List;

/**
 * One window per key holding every element; it fires only through a trigger (for example
 * {@link CountTrigger}) and, like every window, once more at the end of input.
 */
public final class GlobalWindows<T> extends WindowAssigner<T, GlobalWindow> {

    private static final List<GlobalWindow> ONLY = List.of(GlobalWindow.INSTANCE);

    private GlobalWindows() {
    }

    public static <T> GlobalWindows<T> create() {
        return new GlobalWindows<>();
    }

    @Override
    public List<GlobalWindow> assignWindows(T element, long timestamp, long currentProcessingTime) {
        return ONLY;
    }

    @Override
    public NeverTrigger defaultTrigger() {
        return NeverTrigger.create();
    }

    @Override
    public boolean isEventTime() {
        return false;
    }

    @Override
    public TypeSerializer<GlobalWindow> windowSerializer() {
        return GlobalWindow.SERIALIZER;
    }

    @Override
    public String toString() {
        return "GlobalWindows";
    }
}
