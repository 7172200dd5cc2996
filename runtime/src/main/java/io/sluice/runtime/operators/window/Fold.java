package io.sluice.runtime.operators.window;

/**
 * Folds an element into an accumulator, which is null for the first element: the heap fold tables'
 * view of a window's reduce or aggregate ({@link SliceFolds}, {@link SessionFolds}).
 */
interface Fold {
    Object apply(Object accumulator, Object element) throws Exception;
}
