package io.sluice.runtime.cli;

import com.example.jobs.ServerTestJob;
import io.sluice.runtime.server.RuntimeServer;
import io.sluice.runtime.server.RuntimeSettings;
import io.sluice.runtime.testing.TestJars;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.sluice.runtime.testing.Conditions.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The client commands of {@code sluice} against a runtime in this JVM: output, exit codes, how they find it. */
class RuntimeCliTest {

    private static final String TOKEN = "cli-token";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static RuntimeServer server;
    private static Path jar;

    @BeforeAll
    static void start() throws Exception {
        server = RuntimeServer.start(RuntimeSettings.builder().port(0).dataDirectory(dir.resolve("data")).workers(1)
                .token(TOKEN).set("checkpoint.interval", "200ms").build());
        jar = TestJars.write(dir.resolve("counting-job.jar"), ServerTestJob.class, true);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One command's exit code and output. */
    private record Result(int exit, String out, String err) {
    }

    private static Result sluice(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new SluiceCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env).run(args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** With the runtime's address and token from the environment, as a user's shell would have them. */
    private static Result sluice(String... args) {
        return sluice(Map.of("SLUICE_RUNTIME", server.address(), "SLUICE_TOKEN", TOKEN), args);
    }

    private static String submit(String... extra) {
        String[] args = new String[extra.length + 2];
        args[0] = "submit";
        args[1] = jar.toString();
        System.arraycopy(extra, 0, args, 2, extra.length);
        Result r = sluice(args);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).matches("[0-9a-f]{16}\\n");
        return r.out().strip();
    }

    private static boolean isRunning(String id) {
        return sluice("status", id).out().contains("state:      RUNNING");
    }

    @Test
    void shouldSubmitListShowAndCancelAJob() throws Exception {
        String id = submit("--name", "counting", "--parallelism", "2", "-D", "checkpoint.interval=300ms", "--", "500");
        await("it runs", TIMEOUT, () -> isRunning(id));

        Result list = sluice("list");
        assertThat(list.exit()).isZero();
        assertThat(list.out().lines().findFirst().orElseThrow()).startsWith("ID").contains("STATE", "NAME");
        assertThat(list.out()).containsPattern(id + "\\s+RUNNING\\s+.*\\s+0\\s+counting");

        Result status = sluice("status", id);
        assertThat(status.out()).contains("job:        counting (" + id + ")", "class:      " + ServerTestJob.class.getName())
                .contains("OPERATOR", "counter", "double");
        Result json = sluice("status", id, "--json");
        assertThat(json.out()).contains("\"arguments\" : [ \"500\" ]").contains("\"parallelism\" : 2");

        await("a checkpoint completes", TIMEOUT, () -> sluice("checkpoints", id).out().contains("COMPLETED"));
        assertThat(sluice("checkpoints", id).out()).startsWith("completed ").contains("CHECKPOINT");

        Result cancel = sluice("cancel", id);
        assertThat(cancel.exit()).as(cancel.err()).isZero();
        assertThat(cancel.err()).isEqualTo("sluice: cancelling job " + id + "\n");
        await("it is cancelled", TIMEOUT, () -> sluice("status", id).out().contains("state:      CANCELED"));
        Result again = sluice("cancel", id);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("sluice: job " + id + " is not running (CANCELED)\n");
    }

    @Test
    void shouldTakeASavepointThenStopWithOneAndResubmitFromIt() throws Exception {
        String id = submit("--parallelism", "1");
        await("it runs", TIMEOUT, () -> isRunning(id));

        Path savepoint = dir.resolve("sp-1");
        Result taken = sluice("savepoint", id, savepoint.toString());
        assertThat(taken.exit()).as(taken.err()).isZero();
        assertThat(taken.out()).isEqualTo(savepoint + "\n");
        assertThat(savepoint.resolve("_metadata")).exists();

        Path stopped = dir.resolve("sp-2");
        Result stop = sluice("stop", id, "--savepoint", stopped.toString());
        assertThat(stop.exit()).as(stop.err()).isZero();
        assertThat(stop.out()).isEqualTo(stopped + "\n");
        await("it stopped", TIMEOUT, () -> sluice("status", id).out().contains("state:      CANCELED"));

        String resumed = submit("--from-savepoint", stopped.toString(), "--parallelism", "2");
        await("it runs again", TIMEOUT, () -> isRunning(resumed));
        assertThat(sluice("checkpoints", resumed, "--json").out()).doesNotContain("\"restoredFrom\" : null");
        sluice("cancel", resumed);

        Result refused = sluice("savepoint", id, dir.resolve("sp-3").toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).startsWith("sluice: job " + id + " is not running");
    }

    @Test
    void shouldFindTheRuntimeThroughAFlagOrTheConfigFile() throws Exception {
        Result flag = sluice(Map.of(), "list", "--runtime", server.address(), "--token", TOKEN);
        assertThat(flag.exit()).as(flag.err()).isZero();

        Path conf = Files.writeString(dir.resolve("sluice.conf"), "runtime.port: " + server.port() + "\nruntime.token: "
                + TOKEN + "\n");
        assertThat(sluice(Map.of(), "list", "--conf", conf.toString()).exit()).isZero();
        assertThat(sluice(Map.of("SLUICE_CONF", conf.toString()), "list").exit()).isZero();

        Result noToken = sluice(Map.of("SLUICE_RUNTIME", server.address()), "list");
        assertThat(noToken.exit()).isEqualTo(1);
        assertThat(noToken.err()).isEqualTo("sluice: this runtime needs a token: send 'Authorization: Bearer <token>'"
                + " (the CLI: --token or SLUICE_TOKEN)\n");
    }

    @Test
    void shouldSayWhereItLookedWhenNoRuntimeAnswers() {
        Result r = sluice(Map.of("SLUICE_RUNTIME", "http://127.0.0.1:1"), "list");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("sluice: cannot reach the runtime at http://127.0.0.1:1 (connection refused);"
                + " start one with 'bin/sluice runtime', or point --runtime or SLUICE_RUNTIME at it\n");
    }

    @Test
    void shouldExitTwoForUsageErrorsWithAHint() {
        Result missing = sluice("status");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("sluice: Missing required parameter: 'ID'\n"
                + "Run 'sluice status --help' for usage.\n");

        Result noJar = sluice("submit", dir.resolve("nothing.jar").toString());
        assertThat(noJar.exit()).isEqualTo(2);
        assertThat(noJar.err()).startsWith("sluice: job jar " + dir.resolve("nothing.jar") + " does not exist");

        Result unknown = sluice("list", "--colour");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("sluice: Unknown option: '--colour'");

        Result badUrl = sluice(Map.of(), "list", "--runtime", "localhost");
        assertThat(badUrl.exit()).isEqualTo(2);
        assertThat(badUrl.err()).startsWith("sluice: runtime address 'localhost' is not a URL");
    }

    @Test
    void shouldPrintPlainHelpForEveryCommand() {
        for (String command : new String[]{"runtime", "submit", "list", "status", "cancel", "stop", "savepoint",
            "checkpoints", "options", "new-job"}) {
            Result help = sluice(command, "--help");
            assertThat(help.exit()).as(command).isZero();
            assertThat(help.out()).as(command).startsWith("Usage: sluice " + command).doesNotContain("\u001b[");
            assertThat(help.err()).as(command).isEmpty();
        }
        assertThat(sluice("--help").out()).contains("sluice runtime [--conf FILE]", "sluice submit JAR");
    }
}
