package io.sluice.runtime.task;

import io.sluice.runtime.checkpoint.ChannelStateFile;

/**
 * What {@link BarrierAlignment} asks of the task once it has decided that a snapshot is due: the
 * task's part of the checkpoint (operator state, keyed captures, the barrier downstream). Task
 * thread only.
 */
interface AlignmentSnapshots {

    /** Every channel has delivered the barrier (or ended): nothing is in flight. */
    void aligned(long id, boolean savepoint, long alignmentNanos) throws Exception;

    /**
     * The barrier overtakes the input not processed yet, which follows through the returned
     * {@link InFlight} once collected.
     *
     * @return null when the checkpoint was aborted meanwhile
     */
    InFlight unaligned(long id, long alignmentNanos) throws Exception;

    /** Where the in-flight records of an unaligned snapshot go. */
    interface InFlight {

        /** Every channel is complete: the snapshot is written with these records. */
        void write(ChannelStateFile.Writer records);

        /** The checkpoint was aborted or superseded before its records were all collected. */
        void discard();
    }
}
