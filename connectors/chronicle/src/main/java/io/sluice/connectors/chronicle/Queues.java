package io.sluice.connectors.chronicle;

import net.openhft.chronicle.queue.ChronicleQueue;

import java.nio.file.Path;

/** Opens queues the way every part of this connector does. Stateless. */
final class Queues {

    private Queues() {
    }

    /** Opens (creating it if needed) the single-file-per-cycle queue in {@code directory}, daily roll cycle. */
    static ChronicleQueue open(Path directory) {
        return ChronicleQueue.singleBuilder(directory.toAbsolutePath().normalize()).build();
    }

    /** The origin of records read from {@code directory}, for messages and dead letters. */
    static String origin(Path directory) {
        return "queue " + directory.toAbsolutePath().normalize();
    }
}
