package io.sluice.examples.classic;

import java.io.Serializable;
import java.util.Comparator;

/** The order of a table's rows; serializable, since the job's functions are copied to the runtime. */
@FunctionalInterface
interface RowOrder<T> extends Comparator<T>, Serializable {
}
