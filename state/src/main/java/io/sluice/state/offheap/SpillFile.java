package io.sluice.state.offheap;

import org.agrona.BufferUtil;
import org.agrona.collections.Long2ObjectHashMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Memory beyond a task's state budget, mapped from a file under the state directory: the operating
 * system keeps the hot part in RAM and writes the rest to the file, so state can outgrow memory.
 * Regions given back are reused by size; everything is unmapped and the file deleted on close.
 * Single-threaded, like the allocator that owns it.
 */
final class SpillFile implements AutoCloseable {

    private final Path path;
    private final FileChannel channel;
    private final Long2ObjectHashMap<MappedByteBuffer> mappings = new Long2ObjectHashMap<>();
    private final Map<Long, ArrayDeque<Long>> freeBySize = new HashMap<>();
    private long length;

    SpillFile(Path directory, String owner) {
        try {
            Files.createDirectories(directory);
            this.path = Files.createTempFile(directory, owner.replaceAll("[^A-Za-z0-9_.-]", "_") + "-", ".spill");
            this.channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state spill file of " + owner + " under " + directory
                    + ": check state.directory and its permissions", e);
        }
    }

    /** A region of {@code size} bytes of the file, mapped; its address. */
    long map(long size) {
        ArrayDeque<Long> free = freeBySize.get(size);
        if (free != null && !free.isEmpty()) {
            return free.pollFirst();
        }
        try {
            MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, length, size);
            length += size;
            long address = BufferUtil.address(buffer);
            mappings.put(address, buffer);
            return address;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot grow the state spill file " + path + " by " + size + " bytes", e);
        }
    }

    /** Takes back a region from {@link #map}, for reuse. */
    void giveBack(long address, long size) {
        freeBySize.computeIfAbsent(size, s -> new ArrayDeque<>()).addLast(address);
    }

    /** Bytes of file mapped so far. */
    long mappedBytes() {
        return length;
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        for (MappedByteBuffer b : mappings.values()) {
            BufferUtil.free(b);
        }
        mappings.clear();
        try {
            channel.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the state spill file " + path, e);
        }
    }
}
