package io.sluice.runtime.server;

import java.nio.file.Path;
import java.time.Instant;

/**
 * An uploaded job jar.
 *
 * @param id         the first 16 hex digits of its SHA-256: the same content is stored once
 * @param name       the file name it was uploaded under
 * @param path       the runtime's copy
 * @param jobClass   the job class it names (manifest or services file), or null
 */
public record StoredJar(String id, String name, Path path, long size, Instant uploadedAt, String jobClass) {
}
