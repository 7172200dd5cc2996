package io.sluice.runtime.operators.opstate;

import io.sluice.runtime.checkpoint.CorruptCheckpointException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * One checkpoint item of a function's operator state: the kind of state (which says how it is
 * redistributed), the state's name, and the payload (one list element, or a whole broadcast map).
 */
record StateItem(Kind kind, String name, byte[] payload) {

    enum Kind {
        /** An element of a list dealt out round robin. */
        LIST,
        /** An element of a list every subtask gets whole. */
        UNION,
        /** A whole broadcast map; every subtask has the same one. */
        BROADCAST
    }

    byte[] write() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + name.length() + 8);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(kind.ordinal());
        out.writeUTF(name);
        out.write(payload);
        out.flush();
        return bytes.toByteArray();
    }

    static StateItem read(byte[] item, String operator) throws CorruptCheckpointException {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(item));
            int kind = in.readUnsignedByte();
            if (kind >= Kind.values().length) {
                throw new IOException("unknown kind " + kind);
            }
            String name = in.readUTF();
            int offset = item.length - in.available();
            return new StateItem(Kind.values()[kind], name, Arrays.copyOfRange(item, offset, item.length));
        } catch (IOException e) {
            throw new CorruptCheckpointException("cannot read the operator state of " + operator
                    + " from the checkpoint: " + e.getMessage(), e);
        }
    }
}
