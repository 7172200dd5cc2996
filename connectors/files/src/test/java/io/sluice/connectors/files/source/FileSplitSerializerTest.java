package io.sluice.connectors.files.source;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSplitSerializerTest {

    private final FileSplitSerializer serializer = new FileSplitSerializer();

    private FileSplit roundTrip(FileSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        serializer.serialize(split, new DataOutputStream(bytes));
        return read(bytes.toByteArray());
    }

    private FileSplit read(byte[] bytes) throws IOException {
        return serializer.deserialize(new DataInputStream(new ByteArrayInputStream(bytes)));
    }

    @Test
    void aWholeFileAndABlockComeBackWithTheirRangeAndPosition() throws IOException {
        FileSplit whole = new FileSplit("/data/a.txt", 0, FileSplit.WHOLE_FILE, 1234, 57, false);
        FileSplit block = new FileSplit("/data/big.txt", 4096, 8192, 4500, 0, false);
        FileSplit finishedBlock = new FileSplit("/data/big.txt", 8192, 9000, 9010, 0, true);
        assertThat(roundTrip(whole)).isEqualTo(whole);
        assertThat(roundTrip(block)).isEqualTo(block);
        assertThat(roundTrip(block).splitId()).isEqualTo("/data/big.txt@4096");
        assertThat(roundTrip(finishedBlock)).isEqualTo(finishedBlock);
    }

    @Test
    void aSplitOfVersionOneIsAWholeFile() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        out.writeUTF("/data/old.txt");
        out.writeLong(321);
        out.writeLong(9);
        out.writeBoolean(true);

        FileSplit split = read(bytes.toByteArray());

        assertThat(split).isEqualTo(new FileSplit("/data/old.txt", 0, FileSplit.WHOLE_FILE, 321, 9, true));
        assertThat(split.isBlock()).isFalse();
        assertThat(split.splitId()).as("the id it had: the path").isEqualTo("/data/old.txt");
    }

    @Test
    void anUnknownVersionOrAnImpossibleRangeIsRefused() throws IOException {
        assertThatThrownBy(() -> read(new byte[] {3})).isInstanceOf(IOException.class)
                .hasMessage("file split of format version 3; this Sluice reads versions 1 and 2");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(2);
        out.writeUTF("/data/big.txt");
        out.writeLong(100);
        out.writeLong(50); // an end before the start
        out.writeLong(100);
        out.writeLong(0);
        out.writeBoolean(false);
        assertThatThrownBy(() -> read(bytes.toByteArray())).isInstanceOf(IOException.class)
                .hasMessageStartingWith("corrupt file split: file split /data/big.txt must have 0 <= start < end");
    }
}
