package io.sluice.runtime.operators;

/**
 * The second input of a two-input operator (one made by {@code connect}). Such an operator is a
 * {@link StreamOperator} whose {@link StreamOperator#processElement} takes input 1; the task calls
 * {@link #processElement2} for records of the channels of input 2. Both on the task's thread, one
 * record at a time, so the operator needs no synchronization between its inputs. Watermarks, end
 * of input and checkpoints are the task's, over the channels of both inputs, and reach the
 * operator as for a one-input operator.
 */
public interface TwoInputOperator<I2> {

    /** A record of input 2; {@code timestamp} is {@code Long.MIN_VALUE} for none. */
    void processElement2(I2 value, long timestamp) throws Exception;
}
