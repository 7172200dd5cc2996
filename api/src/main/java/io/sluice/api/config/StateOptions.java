package io.sluice.api.config;

/** Options of keyed state. */
public final class StateOptions {

    private StateOptions() {
    }

    public static final ConfigOption<String> BACKEND = ConfigOption.stringOption("state.backend", "heap",
            "Where keyed state lives: 'heap' (Java objects on the heap).");
}
