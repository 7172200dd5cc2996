package io.sluice.examples.classic;

import java.util.List;

/** A value shown as one row of a {@link Table}. */
interface Tabular {

    /** One value per column, in the table's column order. */
    List<Object> cells();
}
