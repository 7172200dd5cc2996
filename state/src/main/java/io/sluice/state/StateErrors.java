package io.sluice.state;

import io.sluice.api.state.LongValueStateDescriptor;
import io.sluice.api.state.StateDescriptor;

/** The errors every keyed state backend reports the same way, worded once. */
public final class StateErrors {

    private StateErrors() {
    }

    /** A state name registered again with another kind. */
    public static void requireSameKind(StateDescriptor<?, ?> registered, StateDescriptor<?, ?> requested,
                                       String operatorName) {
        if (registered.kind() != requested.kind()) {
            throw new IllegalStateException("state '" + requested.name() + "' of operator '" + operatorName
                    + "' was registered as " + registered.kind() + " and is now requested as " + requested.kind()
                    + "; use distinct names");
        }
        if ((registered instanceof LongValueStateDescriptor) != (requested instanceof LongValueStateDescriptor)) {
            throw new IllegalStateException("state '" + requested.name() + "' of operator '" + operatorName
                    + "' was registered as " + handleName(registered) + " and is now requested as "
                    + handleName(requested) + "; use one of them per name (their snapshots are the same)");
        }
    }

    private static String handleName(StateDescriptor<?, ?> d) {
        return d instanceof LongValueStateDescriptor ? "a LongValueState" : "a ValueState";
    }

    /** State used where no key is current (outside processElement/onTimer). */
    public static IllegalStateException noCurrentKey(String operatorName) {
        return new IllegalStateException("keyed state of operator '" + operatorName
                + "' was used outside of processing an element or timer (no current key); use state only in"
                + " processElement/onTimer");
    }

    /** A key whose group this backend does not own: the record was routed to the wrong subtask. */
    public static IllegalStateException foreignKeyGroup(int keyGroup, KeyGroupRange range) {
        return new IllegalStateException("key group " + keyGroup + " is not in this backend's range " + range
                + ": the key was routed to the wrong subtask (is the key's hashCode stable?)");
    }
}
