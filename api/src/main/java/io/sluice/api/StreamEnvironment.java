package io.sluice.api;

import io.sluice.api.config.ConfigOption;
import io.sluice.api.config.Configuration;
import io.sluice.api.config.PipelineOptions;
import io.sluice.api.connector.Source;
import io.sluice.api.graph.OneInputTransformation;
import io.sluice.api.graph.SourceTransformation;
import io.sluice.api.graph.Transformation;
import io.sluice.api.internal.CollectionSource;
import io.sluice.api.internal.ContextConfiguration;
import io.sluice.api.internal.JobValidator;
import io.sluice.api.internal.SequenceSource;
import io.sluice.api.time.WatermarkStrategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Where a job is defined and from where it runs: create sources, transform them, add sinks, then
 * {@link #execute}. Not thread-safe; build a job from one thread.
 */
public class StreamEnvironment {

    private final Configuration config;
    private final List<Transformation<?>> transformations = new ArrayList<>();
    private int nextId;

    protected StreamEnvironment(Configuration config) {
        this.config = config;
    }

    /** An environment with the launcher's settings (if any) and defaults for everything else. */
    public static StreamEnvironment create() {
        return new StreamEnvironment(new Configuration().addAll(ContextConfiguration.get()));
    }

    /** An environment with the launcher's settings overridden by {@code config}. */
    public static StreamEnvironment create(Configuration config) {
        return new StreamEnvironment(new Configuration().addAll(ContextConfiguration.get()).addAll(config));
    }

    public Configuration config() {
        return config;
    }

    public <T> StreamEnvironment set(ConfigOption<T> option, T value) {
        config.set(option, value);
        return this;
    }

    /** Default parallelism of operators that set none. */
    public StreamEnvironment setParallelism(int parallelism) {
        if (parallelism <= 0) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        config.set(PipelineOptions.PARALLELISM, parallelism);
        return this;
    }

    public int parallelism() {
        return config.get(PipelineOptions.PARALLELISM);
    }

    /** Number of key groups; see {@link PipelineOptions#MAX_PARALLELISM}. */
    public StreamEnvironment setMaxParallelism(int maxParallelism) {
        if (maxParallelism <= 0 || maxParallelism > (1 << 15)) {
            throw new IllegalArgumentException("maxParallelism must be in [1, 32768], got " + maxParallelism);
        }
        config.set(PipelineOptions.MAX_PARALLELISM, maxParallelism);
        return this;
    }

    public int maxParallelism() {
        return config.get(PipelineOptions.MAX_PARALLELISM);
    }

    /** A stream read from {@code source}, with event time from {@code watermarks} per split. */
    public <T> DataStream<T> fromSource(Source<T, ?> source, WatermarkStrategy<T> watermarks, String name) {
        SourceTransformation<T> t = new SourceTransformation<>(nextId(), name, source, watermarks);
        add(t);
        return new DataStream<>(this, t);
    }

    /** A bounded stream of the given elements, in order (with parallelism 1). */
    @SafeVarargs
    public final <T> DataStream<T> fromElements(T... elements) {
        return fromCollection(Arrays.asList(elements));
    }

    /** A bounded stream of the collection's elements, in order (with parallelism 1). */
    public <T> DataStream<T> fromCollection(Collection<T> elements) {
        DataStream<T> s = fromSource(new CollectionSource<>(new ArrayList<>(elements)),
                WatermarkStrategy.noWatermarks(), "collection");
        s.setParallelism(1);
        return s;
    }

    /** A bounded stream of the numbers {@code from..to} inclusive, split over the parallel subtasks. */
    public DataStream<Long> fromSequence(long from, long to) {
        return fromSource(new SequenceSource(from, to), WatermarkStrategy.noWatermarks(), "sequence");
    }

    /** Runs the job and waits until it ends. */
    public JobResult execute() throws Exception {
        return execute(config.get(PipelineOptions.JOB_NAME));
    }

    /** Runs the job and waits until it ends; a failure throws {@link JobFailedException}. */
    public JobResult execute(String jobName) throws Exception {
        return executeAsync(jobName).await();
    }

    /** Starts the job and returns at once. */
    public JobClient executeAsync(String jobName) throws Exception {
        JobValidator.validate(this);
        return findExecutor().submit(this, jobName);
    }

    /** Every transformation, in the order they were created. */
    public List<Transformation<?>> transformations() {
        return Collections.unmodifiableList(transformations);
    }

    int nextId() {
        return nextId++;
    }

    void add(Transformation<?> t) {
        transformations.add(t);
    }

    <I, O> DataStream<O> addOperator(DataStream<I> input, OneInputTransformation<I, O> t) {
        add(t);
        return new DataStream<>(this, t);
    }

    private static JobExecutor findExecutor() {
        JobExecutor context = io.sluice.api.internal.ContextExecutor.get();
        if (context != null) {
            return context;
        }
        Iterator<JobExecutor> it = ServiceLoader.load(JobExecutor.class).iterator();
        if (!it.hasNext()) {
            it = ServiceLoader.load(JobExecutor.class, StreamEnvironment.class.getClassLoader()).iterator();
        }
        if (!it.hasNext()) {
            throw new IllegalStateException("no Sluice runtime on the classpath: run the job with 'bin/sluice run'"
                    + " or add io.sluice:sluice-runtime as a dependency");
        }
        return it.next();
    }
}
