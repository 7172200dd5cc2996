package io.sluice.runtime.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The runtime's record of its jobs, durable in its data directory: {@code jobs/<id>/job.jar} (a
 * copy of the submitted jar) and {@code jobs/<id>/job.properties} (class, arguments, settings,
 * whether it runs). Every write goes to a temporary file that is synced and then renamed over the
 * old one, so a runtime killed at any moment leaves each job's record either as it was or as it
 * became, never half written. A record that cannot be read is reported, naming the file and the
 * fix, and left where it is; the other jobs are still read.
 *
 * <p>Used by the runtime's control thread only: no locking of its own.
 */
public final class JobStore {

    private static final System.Logger LOG = System.getLogger(JobStore.class.getName());
    private static final String PROPERTIES = "job.properties";
    private static final String JAR = "job.jar";
    private static final int FORMAT = 1;

    private final Path jobs;

    /** The store under {@code dataDirectory} (created if missing). */
    public JobStore(Path dataDirectory) throws IOException {
        this.jobs = Files.createDirectories(dataDirectory.resolve("jobs"));
    }

    /**
     * Records a newly submitted job: copies its jar in, then writes its record (running), and
     * returns it with its new id and the path of the copy.
     */
    public StoredJob submit(Path jar, String name, String jobClass, List<String> arguments,
                            Map<String, String> configuration) throws IOException {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Path dir = Files.createDirectory(jobs.resolve(id));
        Path copy = dir.resolve(JAR);
        Path tmp = dir.resolve(JAR + ".tmp");
        try (InputStream in = Files.newInputStream(jar)) {
            Files.copy(in, tmp);
        }
        sync(tmp);
        move(tmp, copy);
        StoredJob job = new StoredJob(id, name, copy, jobClass, arguments, configuration, Instant.now(), true, null,
                null);
        write(job);
        return job;
    }

    /** Writes {@code job}'s record over its previous one (atomically). */
    public void write(StoredJob job) throws IOException {
        Path dir = jobs.resolve(job.id());
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no job " + job.id() + " in this runtime's store");
        }
        Properties p = new Properties();
        p.setProperty("format", Integer.toString(FORMAT));
        p.setProperty("name", job.name());
        if (job.jobClass() != null) {
            p.setProperty("class", job.jobClass());
        }
        p.setProperty("submitted-at", job.submittedAt().toString());
        p.setProperty("running", Boolean.toString(job.running()));
        if (job.endState() != null) {
            p.setProperty("end-state", job.endState());
        }
        if (job.endedAt() != null) {
            p.setProperty("ended-at", job.endedAt().toString());
        }
        p.setProperty("arguments", Integer.toString(job.arguments().size()));
        for (int i = 0; i < job.arguments().size(); i++) {
            p.setProperty("argument." + i, job.arguments().get(i));
        }
        job.configuration().forEach((k, v) -> p.setProperty("config." + k, v));
        Path tmp = dir.resolve(PROPERTIES + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "a job of this Sluice runtime; written by the runtime, do not edit while it runs");
        }
        sync(tmp);
        move(tmp, dir.resolve(PROPERTIES));
    }

    /** Every job whose record can be read, oldest first; unreadable records are logged and skipped. */
    public List<StoredJob> all() throws IOException {
        List<StoredJob> all = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(jobs)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                try {
                    StoredJob job = read(dir);
                    if (job != null) {
                        all.add(job);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "the record of job {0} cannot be read ({1}): it is not"
                            + " resumed. Remove the directory {2} to forget the job", dir.getFileName(), e.getMessage(),
                            dir);
                }
            }
        }
        all.sort(Comparator.comparing(StoredJob::submittedAt));
        return all;
    }

    /** The jobs that were running when last recorded: those the runtime resumes when it starts. */
    public List<StoredJob> running() throws IOException {
        return all().stream().filter(StoredJob::running).toList();
    }

    /** Forgets a job: deletes its record and its jar. */
    public void remove(String id) throws IOException {
        Path dir = jobs.resolve(id).normalize();
        if (!dir.getParent().equals(jobs)) {
            throw new IllegalArgumentException("'" + id + "' is not a job id");
        }
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** A job's record, or null for a directory without one (a submit killed before its record was written). */
    private static StoredJob read(Path dir) throws IOException {
        Path file = dir.resolve(PROPERTIES);
        if (!Files.exists(file)) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        String format = required(p, "format");
        if (!format.equals(Integer.toString(FORMAT))) {
            throw new IOException("record format " + format + ", but this runtime reads format " + FORMAT);
        }
        int count = Integer.parseInt(required(p, "arguments"));
        List<String> arguments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            arguments.add(required(p, "argument." + i));
        }
        Map<String, String> configuration = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("config.")) {
                configuration.put(key.substring("config.".length()), p.getProperty(key));
            }
        }
        String endState = p.getProperty("end-state");
        if (endState != null) {
            try {
                io.sluice.api.JobStatus.valueOf(endState);
            } catch (IllegalArgumentException e) {
                throw new IOException("end-state " + endState + " is not a job state");
            }
        }
        Path jar = dir.resolve(JAR);
        if (!Files.isRegularFile(jar)) {
            throw new IOException("its jar " + jar + " is missing");
        }
        Instant submittedAt;
        try {
            submittedAt = Instant.parse(required(p, "submitted-at"));
        } catch (DateTimeParseException e) {
            throw new IOException("submitted-at is not a time: " + e.getParsedString());
        }
        return new StoredJob(dir.getFileName().toString(), required(p, "name"), jar, p.getProperty("class"),
                arguments, configuration, submittedAt, Boolean.parseBoolean(required(p, "running")),
                endState, instant(p, "ended-at"));
    }

    private static Instant instant(Properties p, String key) throws IOException {
        String value = p.getProperty(key);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IOException(key + " is not a time: " + value);
        }
    }

    private static String required(Properties p, String key) throws IOException {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IOException("it has no '" + key + "'");
        }
        return value;
    }

    private static void sync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel dir = FileChannel.open(to.getParent(), StandardOpenOption.READ)) {
            dir.force(true); // the rename itself survives a crash
        } catch (IOException ignored) {
            // some file systems cannot sync a directory; the rename is then as durable as they make it
        }
    }
}
