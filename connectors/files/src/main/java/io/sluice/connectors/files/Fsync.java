package io.sluice.connectors.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** Makes directory entries durable: after a create or a rename, the entry survives a power loss. */
final class Fsync {

    /** Windows cannot open a directory as a file; NTFS makes metadata changes durable by itself. */
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("win");

    private Fsync() {
    }

    static void directory(Path directory) throws IOException {
        if (WINDOWS) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
