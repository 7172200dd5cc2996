package io.sluice.connectors.files;

/**
 * One pre-committed part file of a {@link TwoPhaseCommitFileSink}: the hidden pending file that
 * holds its lines, and the name it takes when committed. Both are plain file names in the sink's
 * directory (never paths), so a checkpoint stays valid when the directory is moved as a whole.
 *
 * @param pendingFile the closed, fsynced in-progress file, e.g. {@code .part-0-<writer id>-3.inprogress}
 * @param finalFile   its committed name, e.g. {@code part-0-<writer id>-3}
 */
public record FileCommittable(String pendingFile, String finalFile) {

    public FileCommittable {
        requirePlainName(pendingFile, "pending file");
        requirePlainName(finalFile, "final file");
        if (pendingFile.equals(finalFile)) {
            throw new IllegalArgumentException("the pending and the final file of a part are both '" + pendingFile
                    + "'; a part must be renamed when committed");
        }
    }

    static void requirePlainName(String name, String what) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")
                || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the " + what + " of a part must be a plain file name in the sink's"
                    + " directory, got '" + name + "'");
        }
    }
}
