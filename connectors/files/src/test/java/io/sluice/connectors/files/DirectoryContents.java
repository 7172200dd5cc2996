package io.sluice.connectors.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The files of a sink's output directory at one moment, each as its name and a short fingerprint of
 * its bytes (size and CRC32C), so that two moments compare exactly and a difference prints short.
 */
final class DirectoryContents {

    private DirectoryContents() {
    }

    /** Every regular file in {@code dir} (hidden ones included): name to fingerprint, sorted by name. */
    static Map<String, String> all(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path f : list.filter(Files::isRegularFile).toList()) {
                files.put(f.getFileName().toString(), fingerprint(f));
            }
        }
        return files;
    }

    /** The committed parts in {@code dir} (as {@link CommittedFiles} lists them): name to fingerprint. */
    static Map<String, String> committedParts(Path dir) throws IOException {
        Map<String, String> parts = new TreeMap<>();
        for (Path f : CommittedFiles.list(dir)) {
            parts.put(f.getFileName().toString(), fingerprint(f));
        }
        return parts;
    }

    /**
     * Whether {@code dir} holds a committed part yet; false while it cannot be listed (it is being
     * created), so that a wait for output simply looks again at the next change.
     */
    static boolean anyCommitted(Path dir) {
        try {
            return !CommittedFiles.list(dir).isEmpty();
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** Names of the hidden files in {@code dir} (in-progress and pending parts, among others), sorted. */
    static List<String> hiddenFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).sorted().toList();
        }
    }

    static String fingerprint(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return bytes.length + " bytes, crc32c " + Long.toHexString(crc.getValue());
    }
}
