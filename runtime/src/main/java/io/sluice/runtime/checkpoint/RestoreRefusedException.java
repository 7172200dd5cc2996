package io.sluice.runtime.checkpoint;

/**
 * A job cannot start from the checkpoint it was asked to start from, for a reason the user can act
 * on: no complete checkpoint there, a checkpoint of another job, a corrupt checkpoint named
 * explicitly, a fall-back that would repeat committed output, state that fits no operator. The
 * job never started. The message is one line that names the checkpoint, what is wrong and the way on;
 * the {@code sluice} command prints it alone and exits with the usage code.
 */
public final class RestoreRefusedException extends Exception {

    public RestoreRefusedException(String message) {
        super(message);
    }

    public RestoreRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
