package io.sluice.connectors.files.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The line-boundary rule of blocks, on real files, for every block size. */
class SplitLineReaderTest {

    @TempDir
    Path dir;

    private int files;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("f" + files++ + ".txt"), text, StandardCharsets.UTF_8);
    }

    /** A line as read: its text and the position a bad record would name. */
    private record Read(String text, long position) {
    }

    /** Every line of {@code split}, from its position on. */
    private static List<Read> read(FileSplit split, boolean quoted) throws IOException {
        List<Read> lines = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(Path.of(split.path()), StandardOpenOption.READ)) {
            SplitLineReader reader = new SplitLineReader(channel, split, quoted, ByteBuffer.allocate(7)); // refilled mid-line
            while (reader.next()) {
                lines.add(new Read(new String(reader.lineBytes(), StandardCharsets.UTF_8),
                        split.isBlock() ? reader.lineStart() : reader.lineNumber()));
            }
        }
        return lines;
    }

    private static List<String> texts(List<Read> lines) {
        return lines.stream().map(Read::text).toList();
    }

    /** The lines of {@code text} by the plain definition: split at '\n', a '\r' before it dropped, nothing after a final '\n'. */
    private static List<String> expectedLines(String text) {
        List<String> lines = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int lf = text.indexOf('\n', from);
            int end = lf < 0 ? text.length() : lf;
            String line = text.substring(from, end);
            lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            from = end + 1;
        }
        return lines;
    }

    /** Reads {@code file} cut into blocks of {@code blockSize}: every block's lines, block after block. */
    private static List<String> readInBlocks(Path file, long blockSize) throws IOException {
        List<String> all = new ArrayList<>();
        for (FileSplit split : FileSplit.of(file.toString(), Files.size(file), blockSize)) {
            all.addAll(texts(read(split, false)));
        }
        return all;
    }

    private void assertEveryBlockSizeReadsEveryLineOnce(String text) throws IOException {
        Path file = write(text);
        long size = Files.size(file);
        List<String> expected = expectedLines(text);
        for (long blockSize = 1; blockSize <= size + 1; blockSize++) {
            assertThat(readInBlocks(file, blockSize)).as("%s in blocks of %d bytes", quoted(text), blockSize)
                    .isEqualTo(expected);
        }
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\r", "\\r").replace("\n", "\\n") + "\"";
    }

    // ---- the rule, case by case ---------------------------------------------------------------

    @Test
    void aLineThatStartsRightAtABoundaryBelongsToTheBlockThatStartsThere() throws IOException {
        Path file = write("ab\ncd\n"); // "cd" starts at byte 3
        List<FileSplit> blocks = FileSplit.of(file.toString(), 6, 3);
        assertThat(blocks).extracting(FileSplit::start, FileSplit::end)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 3L), org.assertj.core.groups.Tuple.tuple(3L, 6L));
        assertThat(read(blocks.get(0), false)).containsExactly(new Read("ab", 0));
        assertThat(read(blocks.get(1), false)).containsExactly(new Read("cd", 3));
    }

    @Test
    void aLineThatStraddlesABoundaryBelongsToTheBlockItStartsInAndIsReadPastItsEnd() throws IOException {
        Path file = write("abcdef\ngh\nij"); // lines start at 0, 7 and 10
        List<FileSplit> blocks = FileSplit.of(file.toString(), 12, 4); // [0,4) [4,8) [8,12)
        assertThat(read(blocks.get(0), false)).containsExactly(new Read("abcdef", 0));
        assertThat(read(blocks.get(1), false)).containsExactly(new Read("gh", 7));
        assertThat(read(blocks.get(2), false)).as("the last line, without a line break").containsExactly(new Read("ij", 10));
    }

    @Test
    void aLineLongerThanSeveralBlocksLeavesTheBlocksInsideItEmpty() throws IOException {
        Path file = write("x\n" + "y".repeat(20) + "\nz\n");
        List<FileSplit> blocks = FileSplit.of(file.toString(), Files.size(file), 5);
        assertThat(blocks).hasSize(5);
        assertThat(read(blocks.get(0), false)).extracting(Read::text).containsExactly("x", "y".repeat(20));
        assertThat(read(blocks.get(1), false)).isEmpty();
        assertThat(read(blocks.get(2), false)).isEmpty();
        assertThat(read(blocks.get(3), false)).isEmpty();
        assertThat(read(blocks.get(4), false)).containsExactly(new Read("z", 23));
    }

    @Test
    void aBoundaryBetweenCarriageReturnAndLineFeedEndsTheLineInTheBlockBefore() throws IOException {
        Path file = write("ab\r\ncd\r\n"); // '\r' at 2, '\n' at 3
        List<FileSplit> blocks = FileSplit.of(file.toString(), 8, 3);
        assertThat(read(blocks.get(0), false)).containsExactly(new Read("ab", 0));
        assertThat(read(blocks.get(1), false)).containsExactly(new Read("cd", 4));
        assertThat(read(blocks.get(2), false)).isEmpty();
    }

    @Test
    void aBoundaryInsideAMultiByteCharacterCutsNoLineWrong() throws IOException {
        Path file = write("aé\nü\n"); // a(0) é(1,2) \n(3) ü(4,5) \n(6)
        List<FileSplit> blocks = FileSplit.of(file.toString(), 7, 2); // [0,2) [2,4) [4,6) [6,7)
        assertThat(read(blocks.get(0), false)).containsExactly(new Read("aé", 0));
        assertThat(read(blocks.get(1), false)).isEmpty();
        assertThat(read(blocks.get(2), false)).containsExactly(new Read("ü", 4));
        assertThat(read(blocks.get(3), false)).isEmpty();
    }

    @Test
    void emptyLinesAreLinesButNothingAfterTheLastLineBreakIs() throws IOException {
        Path file = write("\n\na\n\n");
        assertThat(read(FileSplit.unread(file.toString()), false))
                .containsExactly(new Read("", 1), new Read("", 2), new Read("a", 3), new Read("", 4));
        List<FileSplit> blocks = FileSplit.of(file.toString(), 5, 1);
        assertThat(read(blocks.get(1), false)).containsExactly(new Read("", 1));
        assertThat(read(blocks.get(4), false)).containsExactly(new Read("", 4));
    }

    @Test
    void aFileOfAtMostTheBlockSizeIsOneWholeSplitAndALargerOneIsCutIntoBlocks() {
        assertThat(FileSplit.of("/f", 4, 4)).singleElement().satisfies(s -> {
            assertThat(s.isBlock()).isFalse();
            assertThat(s.splitId()).isEqualTo("/f");
        });
        assertThat(FileSplit.of("/f", 0, 4)).singleElement().satisfies(s -> assertThat(s.isBlock()).isFalse());
        assertThat(FileSplit.of("/f", 10, 4)).extracting(FileSplit::splitId, FileSplit::start, FileSplit::end)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/f@0", 0L, 4L),
                        org.assertj.core.groups.Tuple.tuple("/f@4", 4L, 8L),
                        org.assertj.core.groups.Tuple.tuple("/f@8", 8L, 10L));
        assertThat(FileSplit.of("/f", Long.MAX_VALUE - 1, Long.MAX_VALUE / 2 + 1)).as("no overflow near the largest size")
                .extracting(FileSplit::end).containsExactly(Long.MAX_VALUE / 2 + 1, Long.MAX_VALUE - 1);
        assertThat(FileSplit.of("/f", 1 << 20, FileSplit.WHOLE_FILE)).hasSize(1);
    }

    // ---- every line once, for every block size --------------------------------------------------

    @Test
    void everyBlockSizeReadsEveryLineOnceInTheEdgeCases() throws IOException {
        for (String text : List.of("", "a", "a\n", "\n", "\n\n\n", "ab\ncd", "ab\ncd\n", "ab\r\ncd\r\n", "ab\r\ncd",
                "\r\n\r\n", "x\n\ny\n\n", "aé\nü\n中文\n😀\n", "é😀é\n\n😀", "lone\rcarriage\n", "a\r")) {
            assertEveryBlockSizeReadsEveryLineOnce(text);
        }
    }

    @Test
    void everyBlockSizeReadsEveryLineOnceInRandomFilesOverSeeds() throws IOException {
        String[] pieces = {"a", "bc", "é", "😀", "中", " ", ",", "\n", "\n", "\r\n", "\r", "\n\n"};
        for (long seed = 0; seed < 40; seed++) {
            Random random = new Random(seed);
            StringBuilder text = new StringBuilder();
            int n = random.nextInt(60);
            for (int i = 0; i < n; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            assertEveryBlockSizeReadsEveryLineOnce(text.toString());
        }
    }

    // ---- restoring a block ---------------------------------------------------------------------

    @Test
    void aSplitRestoredAtAnyLineReadsTheRestOnce() throws IOException {
        String text = "first\nsecond line\n\nthird é\r\nfourth\nfifth 😀\nsixth";
        Path file = write(text);
        for (long blockSize = 1; blockSize <= Files.size(file); blockSize++) {
            for (FileSplit block : FileSplit.of(file.toString(), Files.size(file), blockSize)) {
                List<String> whole = texts(read(block, false));
                for (int cut = 0; cut <= whole.size(); cut++) {
                    FileSplit restored = afterLines(block, cut);
                    List<String> rest = texts(read(restored, false));
                    assertThat(rest).as("block %s restored after %d lines", block, cut)
                            .isEqualTo(whole.subList(cut, whole.size()));
                }
            }
        }
    }

    /** The split as a snapshot would hold it after {@code lines} lines: at the offset of the next one. */
    private static FileSplit afterLines(FileSplit block, int lines) throws IOException {
        try (FileChannel channel = FileChannel.open(Path.of(block.path()), StandardOpenOption.READ)) {
            SplitLineReader reader = new SplitLineReader(channel, block, false, ByteBuffer.allocate(64));
            for (int i = 0; i < lines; i++) {
                assertThat(reader.next()).isTrue();
            }
            return lines == 0 ? block : block.at(reader.nextOffset(), reader.nextLine());
        }
    }

    // ---- quoted line breaks --------------------------------------------------------------------

    @Test
    void withQuotedLineBreaksALineBreakInsideQuotesDoesNotEndTheRecord() throws IOException {
        Path file = write("id,note\r\n1,\"two\nlines\"\r\n2,\"crlf\r\ninside, \"\"quoted\"\"\"\n3,plain\n4,\"\"");
        assertThat(read(FileSplit.unread(file.toString()), true)).containsExactly(
                new Read("id,note", 1),
                new Read("1,\"two\nlines\"", 2),
                new Read("2,\"crlf\r\ninside, \"\"quoted\"\"\"", 4),
                new Read("3,plain", 6),
                new Read("4,\"\"", 7));
        assertThat(read(FileSplit.unread(file.toString()), false)).as("without: a line per line break").hasSize(7);
    }

    @Test
    void aRecordWithQuotedLineBreaksRestoredMidFileGoesOnAtTheRightLineNumber() throws IOException {
        Path file = write("a\n\"b\nb\"\nc\n");
        FileSplit whole = FileSplit.unread(file.toString());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            SplitLineReader reader = new SplitLineReader(channel, whole, true, ByteBuffer.allocate(64));
            reader.next();
            reader.next();
            assertThat(reader.nextLine()).isEqualTo(4);
            assertThat(read(whole.at(reader.nextOffset(), reader.nextLine()), true)).containsExactly(new Read("c", 4));
        }
    }

    @Test
    void aBlockCannotBeReadWithQuotedLineBreaks() throws IOException {
        Path file = write("a\nb\n");
        FileSplit block = FileSplit.of(file.toString(), 4, 2).get(1);
        assertThatThrownBy(() -> read(block, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("can only be read from whole files");
    }
}
