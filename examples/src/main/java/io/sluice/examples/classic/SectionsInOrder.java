package io.sluice.examples.classic;

import io.sluice.api.functions.Collector;
import io.sluice.api.functions.ProcessAllWindowFunction;
import io.sluice.api.windowing.GlobalWindow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Emits the sections of the whole input in their order, with an empty line between two: the parts
 * of the output come from parallel branches of the job and reach this operator in any order.
 */
final class SectionsInOrder extends ProcessAllWindowFunction<Section, String, GlobalWindow> {

    private static final long serialVersionUID = 1L;

    @Override
    public void process(Context context, Iterable<Section> elements, Collector<String> out) {
        List<Section> sections = new ArrayList<>();
        elements.forEach(sections::add);
        sections.sort(Comparator.comparingInt(Section::order));
        for (int i = 0; i < sections.size(); i++) {
            out.collect(i == 0 ? sections.get(i).text() : "\n" + sections.get(i).text());
        }
    }
}
