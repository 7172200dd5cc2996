package io.sluice.api.windowing;

/** Never fires on its own: the default of {@link GlobalWindows}, whose windows fire at end of input. */
public final class NeverTrigger extends Trigger<Object, Window> {

    private static final NeverTrigger INSTANCE = new NeverTrigger();

    private NeverTrigger() {
    }

    public static NeverTrigger create() {
        return INSTANCE;
    }

    @Override
    public TriggerResult onElement(Object element, long timestamp, Window window, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onEventTime(long time, Window window, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, Window window, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public void clear(Window window, TriggerContext ctx) {
    }
}
