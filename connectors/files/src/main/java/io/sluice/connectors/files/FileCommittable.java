package io.sluice.connectors.files;

/**
 * One pre-committed part file of a {@link TwoPhaseCommitFileSink}: the hidden pending file that
 * holds its lines, and the name it takes when committed. Both are paths relative to the sink's
 * directory: a plain file name, or {@code <bucket>/<name>} for a part of a bucket (see
 * {@link TwoPhaseCommitFileSink.Builder#withBuckets}), and both lie in the same directory. Never
 * absolute and never with {@code ..}, so a checkpoint stays valid when the directory is moved as a whole.
 *
 * @param pendingFile the closed, fsynced in-progress file, e.g. {@code .part-0-<writer id>-3.inprogress}
 * @param finalFile   its committed name, e.g. {@code part-0-<writer id>-3}
 */
public record FileCommittable(String pendingFile, String finalFile) {

    public FileCommittable {
        requireRelativePath(pendingFile, "pending file");
        requireRelativePath(finalFile, "final file");
        if (pendingFile.equals(finalFile)) {
            throw new IllegalArgumentException("the pending and the final file of a part are both '" + pendingFile
                    + "'; a part must be renamed when committed");
        }
        if (!bucketOf(pendingFile).equals(bucketOf(finalFile))) {
            throw new IllegalArgumentException("the pending file '" + pendingFile + "' and the final file '"
                    + finalFile + "' of a part must be in the same directory");
        }
    }

    /** The bucket directory of a part path ("" for the sink's directory itself). */
    static String bucketOf(String relativePath) {
        int slash = relativePath.lastIndexOf('/');
        return slash < 0 ? "" : relativePath.substring(0, slash);
    }

    /** A relative path of plain names separated by '/': no empty, "." or ".." component, no '\\' or NUL. */
    static void requireRelativePath(String path, String what) {
        if (!isRelativePath(path)) {
            throw new IllegalArgumentException("the " + what + " of a part must be a file name in the sink's"
                    + " directory or in a bucket under it, got '" + path + "'");
        }
    }

    /** Whether {@code path} is plain names separated by '/' (see {@link #requireRelativePath}). */
    static boolean isRelativePath(String path) {
        if (path == null || path.isEmpty() || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
            return false;
        }
        for (String component : path.split("/", -1)) {
            if (component.isEmpty() || component.equals(".") || component.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
