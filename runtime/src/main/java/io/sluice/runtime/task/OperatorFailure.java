package io.sluice.runtime.task;

/**
 * An exception thrown by an operator (usually by user code), tagged with the operator and subtask
 * where it happened. Fatal for the job.
 */
public final class OperatorFailure extends RuntimeException {

    private final String operatorName;
    private final int subtaskIndex;
    private final int parallelism;

    OperatorFailure(String operatorName, int subtaskIndex, int parallelism, Throwable cause) {
        super("operator '" + operatorName + "' (subtask " + (subtaskIndex + 1) + "/" + parallelism + ") failed: "
                + rootMessage(cause), unwrap(cause));
        this.operatorName = operatorName;
        this.subtaskIndex = subtaskIndex;
        this.parallelism = parallelism;
    }

    /** Wraps {@code t} unless it already names an operator. */
    static RuntimeException wrap(Throwable t, String operatorName, int subtaskIndex, int parallelism) {
        if (t instanceof OperatorFailure f) {
            return f;
        }
        return new OperatorFailure(operatorName, subtaskIndex, parallelism, t);
    }

    public String operatorName() {
        return operatorName;
    }

    public int subtaskIndex() {
        return subtaskIndex;
    }

    public int parallelism() {
        return parallelism;
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof io.sluice.runtime.operators.TimestampedCollector.DownstreamException
                || t instanceof io.sluice.state.StateFunctionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String rootMessage(Throwable t) {
        Throwable u = unwrap(t);
        return u.getClass().getName() + (u.getMessage() == null ? "" : ": " + u.getMessage());
    }
}
