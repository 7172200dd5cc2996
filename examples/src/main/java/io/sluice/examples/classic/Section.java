package io.sluice.examples.classic;

import java.io.Serializable;

/** One part of the job's output: its place in the output ({@code order}, from 0) and its text, a title and a table. */
record Section(int order, String text) implements Serializable {

    /** A section of a title line and a body under it. */
    static Section of(int order, String title, String body) {
        return new Section(order, "== " + title + " ==\n" + body);
    }
}
