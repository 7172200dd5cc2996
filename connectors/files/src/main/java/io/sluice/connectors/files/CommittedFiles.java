package io.sluice.connectors.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads what a {@link TwoPhaseCommitFileSink} has committed, the way every reader of its directory
 * must: only regular files named {@code <prefix>-*}, never hidden files. Hidden files (names
 * starting with {@code '.'}) are in-progress or pending parts: not committed yet, possibly never
 * (parts of a checkpoint that did not complete, or left by a process that was killed).
 */
public final class CommittedFiles {

    private CommittedFiles() {
    }

    /** The committed parts in {@code directory} written with the default prefix, sorted by name. */
    public static List<Path> list(Path directory) throws IOException {
        return list(directory, TwoPhaseCommitFileSink.DEFAULT_PART_PREFIX);
    }

    /**
     * The committed parts written with {@code partPrefix} in {@code directory} and in its bucket
     * directories (not in hidden ones), sorted by their path relative to {@code directory}.
     */
    public static List<Path> list(Path directory, String partPrefix) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        String start = partPrefix + "-";
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(p -> !p.equals(directory) && !inHiddenDirectory(directory, p))
                    .filter(p -> isCommitted(p.getFileName().toString(), start))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
    }

    private static boolean inHiddenDirectory(Path directory, Path file) {
        Path relative = directory.relativize(file.getParent() == null ? file : file.getParent());
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** Every line of every committed part (default prefix), part by part in name order. */
    public static List<String> readLines(Path directory) throws IOException {
        return readLines(directory, TwoPhaseCommitFileSink.DEFAULT_PART_PREFIX);
    }

    /** Every line of every committed part written with {@code partPrefix}, part by part in name order. */
    public static List<String> readLines(Path directory, String partPrefix) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path part : list(directory, partPrefix)) {
            lines.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
        }
        return lines;
    }

    /** Whether a reader should read the file named {@code name}: visible, and a part of this prefix. */
    public static boolean isCommittedPart(String name, String partPrefix) {
        return isCommitted(name, partPrefix + "-");
    }

    private static boolean isCommitted(String name, String start) {
        return !name.startsWith(".") && name.startsWith(start) && !name.endsWith(FileSinkWriter.IN_PROGRESS_SUFFIX);
    }
}
