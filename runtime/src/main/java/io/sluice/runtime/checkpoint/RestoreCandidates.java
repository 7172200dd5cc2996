package io.sluice.runtime.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the complete checkpoints a job asked to resume from ({@code checkpoint.restore-from},
 * {@code sluice run --from-checkpoint}) may start from, and says precisely why there are none.
 */
public final class RestoreCandidates {

    private static final String WAY_ON = "pass the checkpoint.directory of the earlier run, or one of its chk-*"
            + " or savepoint directories";

    private RestoreCandidates() {
    }

    /**
     * Refuses a path that does not exist or is not a directory, saying which; cheap enough to call
     * before the job is even loaded.
     */
    public static void checkIsDirectory(Path path) throws RestoreRefusedException {
        if (!Files.exists(path)) {
            throw new RestoreRefusedException("cannot resume from " + path + ": it does not exist; " + WAY_ON);
        }
        if (!Files.isDirectory(path)) {
            throw new RestoreRefusedException("cannot resume from " + path + ": it is a file, not a checkpoint"
                    + " directory; " + WAY_ON + (path.getFileName().toString().equals(CheckpointMetadata.FILE_NAME)
                    ? " (here: " + path.toAbsolutePath().getParent() + ")" : ""));
        }
    }

    /**
     * The complete checkpoints at or under {@code path}, newest first; never empty.
     *
     * @throws RestoreRefusedException when there is none, saying what {@code path} is instead
     */
    public static List<Path> find(Path path) throws RestoreRefusedException {
        checkIsDirectory(path);
        try {
            List<Path> found = CheckpointStorage.candidates(path);
            if (!found.isEmpty()) {
                return found;
            }
            List<String> incomplete = incomplete(path);
            if (!incomplete.isEmpty()) {
                throw new RestoreRefusedException("cannot resume from " + path + ": no checkpoint there was ever"
                        + " completed (" + String.join(", ", incomplete) + " never got its " + CheckpointMetadata.FILE_NAME
                        + "): the earlier run stopped before its first checkpoint completed, so there is nothing to"
                        + " resume; start the job without --from-checkpoint");
            }
            throw new RestoreRefusedException("cannot resume from " + path + ": there is no checkpoint in it (no "
                    + CheckpointMetadata.FILE_NAME + " file, no chk-* directory); " + WAY_ON);
        } catch (IOException e) {
            throw new RestoreRefusedException("cannot resume from " + path + ": " + e.getMessage(), e);
        }
    }

    /** The checkpoint directories at or below {@code path} (one level of job directories) without metadata. */
    private static List<String> incomplete(Path path) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> children = Files.list(path)) {
            for (Path child : children.filter(Files::isDirectory).sorted().toList()) {
                if (child.getFileName().toString().startsWith(CheckpointStorage.PREFIX)) {
                    names.add(path.relativize(child).toString());
                } else {
                    try (Stream<Path> nested = Files.list(child)) {
                        nested.filter(p -> Files.isDirectory(p)
                                        && p.getFileName().toString().startsWith(CheckpointStorage.PREFIX))
                                .sorted().forEach(p -> names.add(path.relativize(p).toString()));
                    }
                }
            }
        }
        return names;
    }
}
