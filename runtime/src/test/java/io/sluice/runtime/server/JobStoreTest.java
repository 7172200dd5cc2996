package io.sluice.runtime.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobStoreTest {

    @TempDir
    Path dir;

    private Path jar(String content) throws Exception {
        return Files.write(dir.resolve(content + ".jar"), content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldKeepEverythingNeededToStartAJobAgainAcrossARestartOfTheRuntime() throws Exception {
        Path data = dir.resolve("data");
        List<String> args = List.of("--topic", "a b", "ünïcode", "x=y", "two\nlines", "");
        Map<String, String> config = Map.of("checkpoint.interval", "1s", "pipeline.name", "fraud = 1");
        StoredJob submitted = new JobStore(data).submit(jar("first"), "fraud", "com.example.Fraud", args, config);

        List<StoredJob> reloaded = new JobStore(data).all(); // a new runtime process on the same data
        assertThat(reloaded).hasSize(1);
        StoredJob job = reloaded.get(0);
        assertThat(job).isEqualTo(submitted);
        assertThat(job.arguments()).isEqualTo(args);
        assertThat(job.configuration()).isEqualTo(config);
        assertThat(job.running()).isTrue();
        assertThat(Files.readString(job.jar())).as("the runtime's own copy of the jar").isEqualTo("first");
        assertThat(job.jar()).isNotEqualTo(dir.resolve("first.jar"));
    }

    @Test
    void shouldResumeOnlyTheJobsThatWereRunning() throws Exception {
        JobStore store = new JobStore(dir.resolve("data"));
        StoredJob a = store.submit(jar("a"), "a", null, List.of(), Map.of());
        StoredJob b = store.submit(jar("b"), "b", null, List.of(), Map.of());
        store.write(a.ended("CANCELED"));

        assertThat(store.running()).extracting(StoredJob::name).containsExactly("b");
        assertThat(store.all()).extracting(StoredJob::name).containsExactly("a", "b");
        assertThat(store.all().get(0).jobClass()).isNull();
        store.remove(b.id());
        assertThat(store.all()).extracting(StoredJob::id).containsExactly(a.id());
    }

    @Test
    void shouldSkipAnUnreadableRecordAndStillReadTheOthers() throws Exception {
        JobStore store = new JobStore(dir.resolve("data"));
        StoredJob good = store.submit(jar("good"), "good", null, List.of("1"), Map.of());
        StoredJob bad = store.submit(jar("bad"), "bad", null, List.of("1"), Map.of());
        Path record = bad.jar().resolveSibling("job.properties");
        Files.writeString(record, Files.readString(record).replace("argument.0=1", "")); // a lost line

        assertThat(store.all()).extracting(StoredJob::id).containsExactly(good.id());
        assertThat(record).as("the unreadable record is left for the user").exists();
    }

    @Test
    void shouldIgnoreWhatAWriteKilledHalfWayLeftBehind() throws Exception {
        JobStore store = new JobStore(dir.resolve("data"));
        StoredJob job = store.submit(jar("job"), "job", null, List.of(), Map.of());
        // killed while writing the next version of the record, and while submitting another job
        Files.writeString(job.jar().resolveSibling("job.properties.tmp"), "running=fal");
        Files.createDirectory(job.jar().getParent().resolveSibling("0000interrupted"));

        assertThat(new JobStore(dir.resolve("data")).all()).containsExactly(job);
    }

    @Test
    void shouldRefuseAnIdThatLeadsOutOfTheStore() throws Exception {
        JobStore store = new JobStore(dir.resolve("data"));
        Files.writeString(dir.resolve("precious"), "keep");
        assertThatThrownBy(() -> store.remove("../../precious")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a job id");
        assertThat(dir.resolve("precious")).exists();
    }
}
