package io.sluice.connectors.chronicle;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code sluice queue}: puts lines into a Chronicle queue and shows what is in one, without writing a
 * job.
 * <pre>
 *   sluice queue produce DIR [FILE]                      lines of FILE (or stdin) as records
 *   sluice queue tail DIR [--from-start] [--committed] [--no-follow]
 * </pre>
 * {@code produce} appends each line as a plain (at-least-once) UTF-8 record. {@code tail} prints each
 * record's value as a line: every record ({@code --committed}: only records of committed epochs and
 * plain ones, as a {@link ChronicleQueueSource} reads them), from the end (or the start), following
 * new records until interrupted (or, with {@code --no-follow}, up to the end the queue had when it
 * started). Exit code 0, 1 when the queue cannot be read, 2 for a usage error.
 */
public final class QueueCli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    private static final long IDLE_NANOS = 5_000_000;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    QueueCli(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new QueueCli(System.in, System.out, System.err).run(args));
    }

    int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            usage(args.length == 0 ? err : out);
            return args.length == 0 ? USAGE : OK;
        }
        try {
            return switch (args[0]) {
                case "produce" -> produce(args);
                case "tail" -> tail(args);
                default -> usageError("unknown queue command '" + args[0] + "'");
            };
        } catch (IOException e) {
            err.println("sluice queue: " + e.getMessage());
            return FAILED;
        }
    }

    private int produce(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            return usageError("produce needs a queue directory and, optionally, a file of lines");
        }
        Path dir = Path.of(args[1]);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            return usageError(dir + " is a file, not a queue directory");
        }
        InputStream source = in;
        if (args.length == 3) {
            Path file = Path.of(args[2]);
            if (!Files.isRegularFile(file)) {
                return usageError("no file " + file + " to read lines from");
            }
            source = Files.newInputStream(file);
        }
        long n = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(source, StandardCharsets.UTF_8));
             ChronicleQueue queue = Queues.open(dir);
             ExcerptAppender appender = queue.createAppender()) {
            String line;
            while ((line = lines.readLine()) != null) {
                try (DocumentContext dc = appender.writingDocument()) {
                    QueueDocuments.writePlain(dc.wire().bytes(), Long.MIN_VALUE, line.getBytes(StandardCharsets.UTF_8));
                }
                n++;
            }
        }
        err.println("sluice queue: appended " + n + " records to " + dir.toAbsolutePath().normalize());
        return OK;
    }

    private int tail(String[] args) throws IOException {
        Path dir = null;
        boolean fromStart = false;
        boolean committed = false;
        boolean follow = true;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--from-start" -> fromStart = true;
                case "--committed" -> committed = true;
                case "--no-follow" -> follow = false;
                default -> {
                    if (args[i].startsWith("-") || dir != null) {
                        return usageError("unknown tail argument '" + args[i] + "'");
                    }
                    dir = Path.of(args[i]);
                }
            }
        }
        if (dir == null) {
            return usageError("tail needs a queue directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("there is no queue at " + dir + " (no such directory)");
        }
        try (ChronicleQueue queue = Queues.open(dir)) {
            long end = queue.createTailer().toEnd().index();
            QueuePosition from = fromStart ? QueuePosition.START
                    : committed ? QueuePosition.committedFrom(end) : QueuePosition.at(end);
            long limit = follow ? Long.MAX_VALUE : end;
            try (QueueReader reader = committed ? ChronicleCommittedReader.open(queue, from, limit)
                    : new RawQueueReader(queue, dir, from, limit)) {
                List<String> malformed = new ArrayList<>();
                while (!Thread.currentThread().isInterrupted() && !(reader.reachedLimit() && !follow)) {
                    int work = reader.poll(256, r -> {
                        if (r.malformedReason() != null) {
                            malformed.add("index " + Long.toHexString(r.position()) + ": " + r.malformedReason());
                        } else {
                            out.println(new String(r.value(), StandardCharsets.UTF_8));
                        }
                    });
                    if (work == 0) {
                        if (!follow && end <= 0) {
                            break; // an empty queue: nothing to wait for
                        }
                        out.flush();
                        LockSupport.parkNanos(IDLE_NANOS); // a command-line reader, not a worker: it may wait
                    }
                }
                out.flush();
                for (String m : malformed) {
                    err.println("sluice queue: skipped a document that is not a Sluice record at " + m);
                }
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot read the queue at " + dir + ": " + e.getMessage(), e);
        }
        return OK;
    }

    private int usageError(String message) {
        err.println("sluice queue: " + message);
        err.println("Run 'sluice queue --help' for usage.");
        return USAGE;
    }

    private static void usage(PrintStream out) {
        out.println("Usage:");
        out.println("  sluice queue produce DIR [FILE]");
        out.println("      Appends each line of FILE (or of stdin) to the Chronicle queue in DIR as a plain UTF-8");
        out.println("      record (created if needed).");
        out.println("  sluice queue tail DIR [--from-start] [--committed] [--no-follow]");
        out.println("      Prints the value of each record as a line, from the end of the queue (or its start),");
        out.println("      following new records until interrupted. --committed: only records of committed");
        out.println("      epochs (and plain ones), as a job reads them. --no-follow: stop at the end the queue");
        out.println("      had when the command started.");
    }
}
