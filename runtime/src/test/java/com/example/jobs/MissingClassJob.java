package com.example.jobs;

import io.sluice.api.Job;
import io.sluice.api.StreamEnvironment;

/** As if it used a library class that is neither in its jar nor on the launcher's classpath. */
public final class MissingClassJob implements Job {
    @Override
    public void define(StreamEnvironment env, String[] args) {
        throw new NoClassDefFoundError("com/example/lib/Gone");
    }
}
