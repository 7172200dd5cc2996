package com.example.jobs;

import io.sluice.api.Job;
import io.sluice.api.StreamEnvironment;
import io.sluice.runtime.cli.CliRecords;
import io.sluice.runtime.cli.RecordingSink;

import java.util.List;

/**
 * A job that sends 1..100 to a {@link RecordingSink}. {@code SluiceCliTest} runs it by class name
 * and also packs its class file alone into a jar, so it uses only public classes of the test
 * classpath and no lambdas of its own; it lives outside {@code io.sluice}, as a user's job does, so
 * that from a jar it loads from the jar (the launcher loads Sluice's own packages itself).
 */
public final class JarTestJob implements Job {

    @Override
    public void define(StreamEnvironment env, String[] args) {
        CliRecords.jobClassLoader = getClass().getClassLoader();
        CliRecords.jobArgs = List.of(args);
        env.fromSequence(1, 100).sinkTo(new RecordingSink());
    }
}
