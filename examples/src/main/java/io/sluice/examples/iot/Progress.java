package io.sluice.examples.iot;

/**
 * One thing the job did, for its status line: a reading taken in, a window result, an alert (with
 * its line, which is printed) or a late reading.
 */
record Progress(What what, String line) {

    enum What { READING, WINDOW, ALERT, LATE }

    static final Progress READING = new Progress(What.READING, "");
    static final Progress WINDOW = new Progress(What.WINDOW, "");
    static final Progress LATE = new Progress(What.LATE, "");

    static Progress alert(Alert a) {
        return new Progress(What.ALERT, a.toString());
    }
}
