package io.sluice.connectors.files;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.fail;

/**
 * Waits for a condition on files another process writes, woken by the file system's change events
 * (inotify on Linux) rather than by polling on a timer. Watches directory trees, adding directories
 * as they appear; the wait ends at the condition, the deadline, or the process's end.
 */
final class FileTreeWatcher implements AutoCloseable {

    private final WatchService watch;

    FileTreeWatcher(Path... roots) throws IOException {
        this.watch = roots[0].getFileSystem().newWatchService();
        for (Path root : roots) {
            Files.createDirectories(root);
            register(root);
        }
    }

    private void register(Path dir) throws IOException {
        try (Stream<Path> dirs = Files.walk(dir)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                d.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // a directory deleted while being walked (an old checkpoint): nothing to watch there
        }
    }

    /** Waits until {@code condition} holds; fails at the deadline or if {@code process} ends first. */
    void await(String what, Process process, long deadlineMs, BooleanSupplier condition)
            throws IOException, InterruptedException {
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMs);
        process.onExit().thenRun(this::closeQuietly); // wakes the wait below if the process ends
        while (!condition.getAsBoolean()) {
            long left = deadlineNs - System.nanoTime();
            if (left <= 0) {
                fail("no " + what + " after " + deadlineMs + " ms");
            }
            WatchKey key;
            try {
                key = watch.poll(left, TimeUnit.NANOSECONDS);
            } catch (ClosedWatchServiceException ended) {
                fail("the job process ended (exit value " + process.exitValue() + ") before: " + what);
                return;
            }
            if (key == null) {
                continue; // the deadline; checked above
            }
            Path dir = (Path) key.watchable();
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
                    Path created = dir.resolve((Path) event.context());
                    if (Files.isDirectory(created)) {
                        register(created);
                    }
                }
            }
            key.reset();
        }
    }

    private void closeQuietly() {
        try {
            watch.close();
        } catch (IOException e) {
            // closing only to wake a waiter
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
