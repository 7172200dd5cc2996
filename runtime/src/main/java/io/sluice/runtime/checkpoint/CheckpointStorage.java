package io.sluice.runtime.checkpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * The checkpoints of one job in a directory: {@code <base>/<job id>/chk-<n>/}, each with its state
 * files and, once complete, its {@code _metadata}. Keeps the newest {@code retained} complete
 * checkpoints and deletes the rest, and aborted ones at once.
 */
public final class CheckpointStorage {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStorage.class);
    static final String PREFIX = "chk-";

    private final Path jobDirectory;
    private final int retained;
    private final Deque<CompletedCheckpoint> completed = new ArrayDeque<>();

    public CheckpointStorage(Path jobDirectory, int retained) {
        this.jobDirectory = jobDirectory;
        this.retained = retained;
    }

    public Path jobDirectory() {
        return jobDirectory;
    }

    /** A fresh, empty directory for checkpoint {@code id}. */
    public Path createCheckpointDirectory(long id) throws IOException {
        Path dir = jobDirectory.resolve(PREFIX + id);
        if (Files.exists(dir)) {
            deleteRecursively(dir);
        }
        Files.createDirectories(dir);
        return dir;
    }

    /** Makes {@code checkpoint} durable (metadata last), then deletes checkpoints beyond the retained number. */
    public synchronized void commit(CompletedCheckpoint checkpoint) throws IOException {
        CheckpointMetadata.write(checkpoint);
        if (checkpoint.savepoint()) {
            return; // the user's: never counted or deleted here
        }
        completed.addLast(checkpoint);
        while (completed.size() > retained) {
            discard(completed.removeFirst().directory());
        }
    }

    /** Counts a checkpoint restored from as completed here, so it is retained and later cleaned up like the others. */
    public synchronized void adopt(CompletedCheckpoint checkpoint) {
        if (!checkpoint.savepoint() && checkpoint.directory().startsWith(jobDirectory)) {
            completed.addLast(checkpoint);
        }
    }

    /** Deletes a checkpoint directory that was aborted or is no longer retained. */
    public void discard(Path directory) {
        try {
            deleteRecursively(directory);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete checkpoint directory {}", directory, e);
        }
    }

    /**
     * The complete checkpoints under {@code path}, newest first: {@code path} itself if it is a
     * checkpoint or savepoint (has {@code _metadata}), else the {@code chk-*} directories in it and
     * in its sub-directories (one per job run). Directories without metadata (checkpoints that never
     * completed) are skipped; their metadata is read only when restoring.
     */
    public static List<Path> candidates(Path path) throws IOException {
        if (Files.exists(path.resolve(CheckpointMetadata.FILE_NAME))) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new CorruptCheckpointException("no checkpoint at " + path + ": it is neither a checkpoint directory"
                    + " nor a directory of checkpoints");
        }
        List<Path> found = new ArrayList<>();
        collect(path, found);
        try (Stream<Path> children = Files.list(path)) {
            for (Path child : children.filter(Files::isDirectory).toList()) {
                if (!child.getFileName().toString().startsWith(PREFIX)) {
                    collect(child, found);
                }
            }
        }
        // newest first: by when the metadata was written, then by id
        found.sort(Comparator.comparing(CheckpointStorage::metadataTime).thenComparingLong(CheckpointStorage::idOf)
                .reversed());
        return found;
    }

    private static void collect(Path dir, List<Path> into) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            children.filter(p -> p.getFileName().toString().startsWith(PREFIX))
                    .filter(p -> Files.exists(p.resolve(CheckpointMetadata.FILE_NAME)))
                    .forEach(into::add);
        }
    }

    private static java.nio.file.attribute.FileTime metadataTime(Path checkpoint) {
        try {
            return Files.getLastModifiedTime(checkpoint.resolve(CheckpointMetadata.FILE_NAME));
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }

    private static long idOf(Path checkpoint) {
        String name = checkpoint.getFileName().toString();
        try {
            return name.startsWith(PREFIX) ? Long.parseLong(name.substring(PREFIX.length())) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
