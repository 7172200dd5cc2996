package io.sluice.connectors.files;

import io.sluice.api.connector.TwoPhaseCommitSink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Commits the parts of one sink subtask of a {@link TwoPhaseCommitFileSink}. Called only from that
 * subtask's worker thread (when a checkpoint completes, after a restore, at the end of input).
 *
 * <p>A commit renames each pending file to its final name in one atomic step, then fsyncs the
 * directory once, so the renames survive a power loss.
 *
 * <p>Idempotent, because after a restore the parts of the restored checkpoint are committed again:
 * <ul>
 *   <li>pending file present, final file absent: rename (the normal case);</li>
 *   <li>pending file absent, final file present: committed before, nothing to do;</li>
 *   <li>both absent: the part is lost (deleted by someone else, or the checkpoint belongs to another
 *       directory), which fails the commit naming the file;</li>
 *   <li>both present: never produced by the sink (names are unique), so it is refused rather than
 *       overwriting committed data.</li>
 * </ul>
 */
final class FileCommitter implements TwoPhaseCommitSink.Committer<FileCommittable> {

    private static final Pattern LINEAGE = Pattern.compile("[A-Za-z0-9]{1,64}");

    private final Path directory;
    private final String partPrefix;

    FileCommitter(Path directory, String partPrefix) {
        this.directory = directory;
        this.partPrefix = partPrefix;
    }

    /** The job's lineage id, checked to be safe in a file name (the runtime makes it so). */
    static String checkedLineage(String lineage) {
        if (lineage == null || !LINEAGE.matcher(lineage).matches()) {
            throw new IllegalArgumentException("the job lineage id '" + lineage + "' given to the file sink must be"
                    + " 1 to 64 letters and digits");
        }
        return lineage;
    }

    @Override
    public void commit(Collection<FileCommittable> committables) throws IOException {
        java.util.Set<Path> renamedIn = new java.util.LinkedHashSet<>();
        for (FileCommittable c : committables) {
            Path pending = directory.resolve(c.pendingFile());
            Path committed = directory.resolve(c.finalFile());
            if (Files.exists(pending)) {
                if (Files.exists(committed)) {
                    throw new IOException("cannot commit part file " + committed + ": it exists already, and so does"
                            + " its pending file " + pending + "; refusing to overwrite committed data. Two sinks"
                            + " may be writing the same directory with the same part prefix: give each its own"
                            + " directory or prefix");
                }
                Files.move(pending, committed, StandardCopyOption.ATOMIC_MOVE);
                renamedIn.add(committed.getParent());
            } else if (!Files.exists(committed)) {
                throw new IOException("cannot commit part file " + committed + ": neither it nor its pending file "
                        + pending + " exists. The part was deleted after it was written, or the job was restored"
                        + " from a checkpoint of a sink writing elsewhere; the records of that part are lost");
            }
        }
        for (Path dir : renamedIn) {
            Fsync.directory(dir);
        }
    }

    /**
     * Deletes the hidden parts (in progress or pending) that writers of this sink's prefix and the
     * job's lineage left: after a restore has committed its checkpoint's parts, none of them will
     * ever be committed. Parts of other lineages (other jobs), other prefixes and committed parts
     * are never touched.
     */
    @Override
    public int discardLeftovers(String jobLineageId) throws IOException {
        Pattern own = Pattern.compile("\\." + Pattern.quote(partPrefix) + "-\\d+-" + Pattern.quote(checkedLineage(jobLineageId))
                + "-[0-9a-f]+-\\d+" + Pattern.quote(FileSinkWriter.IN_PROGRESS_SUFFIX));
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        List<Path> leftovers;
        try (Stream<Path> files = Files.walk(directory)) { // buckets included
            leftovers = files.filter(p -> own.matcher(p.getFileName().toString()).matches()).toList();
        }
        java.util.Set<Path> changed = new java.util.LinkedHashSet<>();
        for (Path p : leftovers) {
            Files.deleteIfExists(p);
            changed.add(p.getParent());
        }
        for (Path dir : changed) {
            Fsync.directory(dir);
        }
        return leftovers.size();
    }

    /** Deletes the pending files; parts already committed (or gone) are left as they are. */
    @Override
    public void abort(Collection<FileCommittable> committables) throws IOException {
        for (FileCommittable c : committables) {
            Files.deleteIfExists(directory.resolve(c.pendingFile()));
        }
    }
}
