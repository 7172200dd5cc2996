package com.example.jobs;

import io.sluice.api.Job;
import io.sluice.api.StreamEnvironment;

/** A job whose own code throws while it defines its dataflow. */
public final class DefineThrowsJob implements Job {

    @Override
    public void define(StreamEnvironment env, String[] args) {
        throw new IllegalStateException("no rules configured");
    }
}
