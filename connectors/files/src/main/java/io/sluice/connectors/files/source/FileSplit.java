package io.sluice.connectors.files.source;

import io.sluice.api.connector.SourceSplit;

/**
 * One file of a {@link FileSource} and how far it has been read: the byte offset of the next line
 * and that line's number. Immutable: a reader makes a new one as it reads on.
 *
 * @param path       the file, absolute
 * @param offset     the byte offset of the next line to read
 * @param nextLine   the number of that line, from 1
 * @param finished   the whole file has been read (a monitoring source keeps finished files in its
 *                   checkpoints, so that a restore does not read them again)
 */
public record FileSplit(String path, long offset, long nextLine, boolean finished) implements SourceSplit {

    public FileSplit {
        if (offset < 0 || nextLine < 1) {
            throw new IllegalArgumentException("position of file split " + path + " must be an offset >= 0 and a"
                    + " line >= 1, got " + offset + " and " + nextLine);
        }
    }

    /** A file not read yet. */
    static FileSplit unread(String path) {
        return new FileSplit(path, 0, 1, false);
    }

    @Override
    public String splitId() {
        return path;
    }

    FileSplit at(long newOffset, long newNextLine) {
        return new FileSplit(path, newOffset, newNextLine, false);
    }

    FileSplit asFinished() {
        return new FileSplit(path, offset, nextLine, true);
    }
}
