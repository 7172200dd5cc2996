package io.sluice.state.snapshot;

import io.sluice.state.KeyedBackendParameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How any keyed backend restores: check every file completely, check that the files agree with
 * each other and (through {@link Target#prepare}) with the backend, and only then load the entries
 * of the backend's key groups; so a corrupt file or a refused type leaves the backend as it was.
 * Task thread only.
 */
public final class SnapshotRestore {

    private SnapshotRestore() {
    }

    /** The backend being restored. */
    public interface Target extends SnapshotSink {

        /**
         * Every file is checked and nothing is loaded yet: the key type and the states the files
         * record (types merged over the files). Adopts recorded types and refuses (throws) what
         * cannot be restored.
         */
        void prepare(TypeRecord keyType, Map<String, SnapshotHeader.StateInfo> states);

        /** Every entry is loaded. */
        void loaded();
    }

    public static void restore(List<Path> files, KeyedBackendParameters parameters, Target target) throws IOException {
        List<SnapshotHeader> headers = new ArrayList<>();
        for (Path f : files) {
            headers.add(SnapshotReader.verify(f, parameters.maxParallelism())); // check everything first
        }
        TypeRecord keyType = TypeRecord.UNKNOWN;
        Map<String, SnapshotHeader.StateInfo> states = new LinkedHashMap<>();
        Map<String, Path> firstFile = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            SnapshotHeader h = headers.get(i);
            Path file = files.get(i);
            keyType = agree(keyType, h.keyType(), "the keys", files.get(0), file);
            for (SnapshotHeader.StateInfo s : h.states()) {
                SnapshotHeader.StateInfo known = states.get(s.name());
                if (known == null) {
                    states.put(s.name(), s);
                    firstFile.put(s.name(), file);
                    continue;
                }
                Path other = firstFile.get(s.name());
                if (known.kind() != s.kind() || known.timeToLive() != s.timeToLive()) {
                    throw new CorruptSnapshotException("snapshot files " + other + " and " + file
                            + " do not belong together: state '" + s.name() + "' is " + describe(known)
                            + " in one and " + describe(s) + " in the other");
                }
                agree(known.valueType(), s.valueType(), "the values of state '" + s.name() + "'", other, file);
                agree(known.mapKeyType(), s.mapKeyType(), "the map keys of state '" + s.name() + "'", other, file);
                states.put(s.name(), known.orElse(s));
            }
        }
        target.prepare(keyType, states);
        for (Path f : files) {
            SnapshotReader.load(f, parameters.maxParallelism(), parameters.keyGroupRange(), target);
        }
        target.loaded();
    }

    private static String describe(SnapshotHeader.StateInfo s) {
        return s.kind() + (s.timeToLive() ? " with time to live" : "");
    }

    private static TypeRecord agree(TypeRecord a, TypeRecord b, String what, Path fileA, Path fileB)
            throws CorruptSnapshotException {
        if (a.known() && b.known() && !a.equals(b)) {
            throw new CorruptSnapshotException("snapshot files " + fileA + " and " + fileB + " do not belong together:"
                    + " they record " + what + " as " + a + " and as " + b);
        }
        return a.orElse(b);
    }
}
