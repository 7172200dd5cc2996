package io.sluice.runtime.cli;

import io.sluice.runtime.launch.FailureReport;

/** The exit codes scripts can rely on: 0 ok, 1 failed, 2 usage. */
final class FailureCodes {

    static final int OK = FailureReport.OK;
    static final int FAILED = FailureReport.JOB_FAILED;
    static final int USAGE = FailureReport.USAGE;

    private FailureCodes() {
    }
}
