package io.sluice.examples.iot;

import io.sluice.api.functions.Collector;
import io.sluice.api.functions.ProcessWindowFunction;
import io.sluice.api.windowing.TimeWindow;

/** Turns a series' folded window into {@link WindowStats}, with the device, sensor and window bounds. */
final class SeriesWindow extends ProcessWindowFunction<MinAvgMax.Acc, WindowStats, String, TimeWindow> {

    private static final long serialVersionUID = 1L;

    @Override
    public void process(String series, Context ctx, Iterable<MinAvgMax.Acc> folded, Collector<WindowStats> out) {
        MinAvgMax.Acc a = folded.iterator().next();
        int slash = series.indexOf('/');
        out.collect(new WindowStats(series.substring(0, slash), series.substring(slash + 1), ctx.window().start(),
                ctx.window().end(), a.count(), a.min(), a.sum() / a.count(), a.max()));
    }
}
