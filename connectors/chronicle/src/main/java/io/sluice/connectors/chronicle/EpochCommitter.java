package io.sluice.connectors.chronicle;

import io.sluice.api.connector.TwoPhaseCommitSink;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Commits and aborts the epochs of an exactly-once {@link ChronicleQueueSink} by appending marker
 * documents (see {@link QueueDocuments}). Called from the sink's worker thread, and after a restore
 * from the thread that starts the job: one call at a time, so one appender serves, its thread check
 * reset at each call.
 *
 * <p>Idempotent: a COMMIT appended again for an epoch already committed is ignored by readers, which
 * deliver an epoch at its first COMMIT only.
 */
final class EpochCommitter implements TwoPhaseCommitSink.Committer<EpochCommittable> {

    private static final Pattern LINEAGE = Pattern.compile("[A-Za-z0-9]{1,64}");

    private final Path directory;
    private ChronicleQueue queue;
    private ExcerptAppender appender;

    EpochCommitter(Path directory) {
        this.directory = directory;
    }

    /** The job's lineage id, checked to hold no {@code '-'} (it is the first part of writer ids). */
    static String checkedLineage(String lineage) {
        if (lineage == null || !LINEAGE.matcher(lineage).matches()) {
            throw new IllegalArgumentException("the job lineage id '" + lineage + "' given to the Chronicle Queue sink"
                    + " must be 1 to 64 letters and digits");
        }
        return lineage;
    }

    @Override
    public void commit(Collection<EpochCommittable> committables) {
        appendMarkers(QueueDocuments.COMMIT, committables);
    }

    @Override
    public void abort(Collection<EpochCommittable> committables) {
        appendMarkers(QueueDocuments.ABORT_EPOCH, committables);
    }

    /**
     * Appends one ABORT_LINEAGE document: every epoch of this lineage's writers that was not committed
     * before it (open epochs of a killed run, pre-committed epochs of checkpoints that never completed)
     * is aborted for every reader. Epochs of other lineages are untouched.
     *
     * @return 0: the queue is append-only, so nothing is counted or removed; the marker hides them
     */
    @Override
    public int discardLeftovers(String jobLineageId) {
        String lineage = checkedLineage(jobLineageId);
        try (DocumentContext dc = appender().writingDocument()) {
            QueueDocuments.writeAbortLineage(dc.wire().bytes(), lineage);
        }
        return 0;
    }

    private void appendMarkers(byte type, Collection<EpochCommittable> committables) {
        if (committables.isEmpty()) {
            return;
        }
        ExcerptAppender out = appender();
        for (EpochCommittable c : committables) {
            try (DocumentContext dc = out.writingDocument()) {
                QueueDocuments.writeMarker(dc.wire().bytes(), type, c.writerId(), c.epoch());
            }
        }
    }

    private ExcerptAppender appender() {
        if (appender == null) {
            queue = Queues.open(directory);
            appender = queue.createAppender();
        }
        appender.singleThreadedCheckReset();
        return appender;
    }

    @Override
    public void close() {
        if (queue != null) {
            appender.singleThreadedCheckReset();
            appender.close();
            queue.close();
            queue = null;
            appender = null;
        }
    }
}
