package io.sluice.api.functions;

/**
 * Base of rich functions (Flink's {@code AbstractRichFunction}): a function that reaches its
 * {@link RuntimeContext} at any time through {@link #getRuntimeContext()}, for keyed state and
 * user metrics, rather than only as the argument of {@link #open(RuntimeContext)}.
 *
 * <p>The runtime sets the context on each subtask's copy of the function before it calls
 * {@code open}, so an {@code open} that does not call {@code super.open} still has it. The context
 * does not exist before that: a constructor or a field initializer that asks for it fails.
 */
public abstract class AbstractRichFunction implements Function {

    private static final long serialVersionUID = 1L;

    /** Set on the subtask's copy, on its worker thread, before {@code open}; never serialized. */
    private transient RuntimeContext runtimeContext;

    /** Called by the runtime before {@link #open(RuntimeContext)}; not for job authors. */
    public void setRuntimeContext(RuntimeContext context) {
        this.runtimeContext = context;
    }

    /**
     * The context of the subtask that runs this function: its name and index, keyed state,
     * {@link RuntimeContext#getMetricGroup() metrics}. Available from {@code open} on.
     *
     * @throws IllegalStateException before the function was opened (in a constructor, say)
     */
    public RuntimeContext getRuntimeContext() {
        RuntimeContext context = runtimeContext;
        if (context == null) {
            throw new IllegalStateException("getRuntimeContext() of " + getClass().getName() + " was called before"
                    + " the function was opened: the context exists only once a subtask runs it; move the call from"
                    + " the constructor or field initializer into open(RuntimeContext) or the processing methods");
        }
        return context;
    }
}
