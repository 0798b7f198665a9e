package dev.portex.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every bad option is refused before any container starts: exit code 2 and exactly one line on stderr,
 * {@code portex: } and the problem with its fix. Runs the real command line ({@link Portex#execute}) in-process.
 */
@DisplayName("The command line")
class CommandLineRejectsBadInputTest {

    /** What one in-process run of ./portex printed, and its exit code. */
    record Outcome(int exitCode, String out, List<String> errLines) {
    }

    static Outcome execute(String commandLine) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            String[] args = commandLine.isBlank() ? new String[0] : commandLine.trim().split("\\s+");
            code = Portex.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        } finally {
            System.setErr(originalErr);
        }
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8).strip().lines().toList());
    }

    @Nested
    @DisplayName("refuses, with exit code 2 and one line naming the fix,")
    class Refuses {
        @ParameterizedTest(name = "`./portex {0}`: \"{1}\"")
        @CsvSource(delimiter = '|', value = {
                "run --port-range 40136-40000         | portex: --port-range: port range 40136-40000 is reversed",
                "run --project-rate 0                 | portex: --project-rate must be a production rate in documents per second > 0, e.g. 800, got '0'",
                "run --project-rate fast              | portex: --project-rate must be a production rate in documents per second > 0, e.g. 800, got 'fast'",
                "run --project-range 32768-60999      | portex: --project-range 32768-60999 needs a rate to project to: add --project-rate, e.g. --project-rate 800",
                "run --project-rate 800 --project-range 1-2 | portex: --project-range: port range must lie within 1024..65535",
                "run --port-range 80-1000             | 1024..65535",
                "run --port-range 40000-70000         | 1024..65535",
                "run --port-range 40000-40000         | at least 2 ports",
                "run --port-range abc                 | portex: --port-range: port range must look like LOW-HIGH, e.g. 40000-40136, got 'abc'",
                "run --port-range 8000-8100           | portex: --port-range 8000-8100 overlaps the ingest server's listening port 8080: choose a range above it, e.g. 40000-40136",
                "run --server-port-range 8080-8090    | portex: --server-port-range 8080-8090 overlaps the ingest server's listening port 8080",
                "run --targets 3 --port-range 8081-9000 | overlaps the ingest server's listening ports 8080-8082",
                "run --docs abc                       | portex: --docs must be a whole number from 1 to 10000000, got 'abc'",
                "run --docs -5                        | portex: --docs must be a whole number from 1 to 10000000, got '-5'",
                "run --docs 0                         | portex: --docs must be a whole number from 1 to 10000000, got '0'",
                "run --rate -1                        | portex: --rate must be a number >= 0 (documents per second; 0 = as fast as possible), got '-1'",
                "run --rate fast                      | portex: --rate must be a number >= 0",
                "run --concurrency 0                  | portex: --concurrency must be a whole number from 1 to 256, got '0'",
                "run --tw-reuse 3                     | portex: --tw-reuse must be a whole number from 0 to 2, got '3'",
                "run --client curl                    | portex: unknown client 'curl': use --client with one of per-request, pooled, python-post, python-session",
                "run --es-client magic                | portex: unknown Elasticsearch client mode 'magic': use --es-client with one of pooled, per-request, agent-false",
                "run --mitigation magic               | portex: unknown mitigation 'magic': use --mitigation with one of none, so-linger-zero, server-closes-first (and --tw-reuse 1 for tcp_tw_reuse)",
                "run --client python-post --mitigation so-linger-zero | portex: --mitigation so-linger-zero applies to the per-request and pooled clients: use --client per-request or pooled",
                "run --client jdk-shared --mitigation so-linger-zero | portex: --mitigation so-linger-zero applies to the per-request and pooled clients",
                "run --java-clients                   | portex: unknown option --java-clients: see ./portex help run for the options",
                "compare --java-clients --matrix      | portex: --java-clients, --python-clients, --go-clients, --node-clients and --matrix each choose what compare runs: give one of them",
                "compare --java-clients --python-clients | portex: --java-clients, --python-clients, --go-clients, --node-clients and --matrix each choose what compare runs: give one of them",
                "compare --go-clients --python-clients | portex: --java-clients, --python-clients, --go-clients, --node-clients and --matrix each choose what compare runs: give one of them",
                "compare --node-clients --go-clients | portex: --java-clients, --python-clients, --go-clients, --node-clients and --matrix each choose what compare runs: give one of them",
                "run --idle-gap -1                    | portex: --idle-gap must be a whole number from 0 to 600000, got '-1'",
                "run --server-keep-alive 5s           | portex: --server-keep-alive must be a whole number from 0 to 600000, got '5s'",
                "run --reuse sometimes                | portex: unknown connection reuse 'sometimes': use --reuse with one of default, stale-check, unchecked, idle-timeout, retry-with-id, tcp-keep-alive",
                "run --reuse unchecked                | portex: --reuse unchecked configures the pooled client's connection pool: use --client pooled",
                "run --client pooled --rate 800 --idle-gap 6000 | portex: --idle-gap and --rate both pace the documents: drop one of them",
                "run --client python-session --idle-gap 6000 | portex: --idle-gap paces the Java load generator: use --client per-request or pooled, not python-session",
                "run --client pooled --reuse idle-timeout --mitigation so-linger-zero | portex: --reuse idle-timeout keeps connections alive, --mitigation so-linger-zero changes how they close: drop one of them",
                "run --colour                         | portex: unknown option --colour: see ./portex help run for the options",
                "--colour                             | portex: unknown option --colour: see ./portex help compare for the options",
                "run --docs                           | portex: --docs needs a value, e.g. --docs 300",
                "run 300                              | portex: unexpected argument '300': options look like --docs 300",
                "launch                               | portex: unknown command 'launch': use one of compare, run, budget, bench, replay-incident, up, down, setup, clean, help",
                "compare --client pooled              | portex: compare runs every client itself: drop --client, or use ./portex run --client pooled",
                "bench --repetitions 50               | portex: --repetitions must be a whole number from 1 to 20, got '50'",
                "bench --client curl                  | portex: unknown client 'curl': use --client with one of per-request, pooled, python-post, python-session",
                "bench --client jdk-shared            | portex: --client jdk-shared is not one of the incident's clients that bench measures: use --client with one of per-request, pooled, python-post, python-session",
                "bench --client                       | portex: --client needs a value, e.g. --client pooled",
                "bench --jit-warm-up -1               | portex: --jit-warm-up must be a whole number from 0 to 1000000, got '-1'",
                "budget --rate 800 --port-range 1-2   | 1024..65535",
                "run --nat-ports 40003-40000          | portex: --nat-ports 40003-40000 holds no port, so the NAT cannot map one connection: give LOW-HIGH with LOW <= HIGH, e.g. --nat-ports 40000-40003",
                "run --nat-ports 80-83                | portex: --nat-ports 80-83 must lie within 1024..65535: e.g. --nat-ports 40000-40003",
                "run --nat-ports four                 | portex: --nat-ports must look like LOW-HIGH (or one PORT), e.g. 40000-40003, got 'four'",
                "run --target-port 8080               | portex: --target-port sets up your own service as the target: give its image with --target-image IMAGE, e.g. --target-image my-service:1.0 --target-port 8080, or drop --target-port",
                "run --target-path /orders            | portex: --target-path sets up your own service as the target: give its image with --target-image IMAGE",
                "run --target-image my-service        | portex: --target-image my-service needs the port your service listens on inside its container: add --target-port P, e.g. --target-port 8080",
                "run --target-image my-service --target-port 0 | portex: --target-port must be a whole number from 1 to 65535, got '0'",
                "run --target-image my-service --target-port 8080 --target-path orders | portex: --target-path \"orders\" must start with / and hold no space, e.g. --target-path /orders",
                "run --target-image my-service --target-port 8080 --client python-post | portex: --target-image runs the Java clients (--client per-request, pooled, ...), a sender or --client-command, not --client python-post: drop --target-image, or choose one of those",
                "run --target-image my-service --target-port 8080 --fault es-kill@2s | portex: --target-image does not go with --fault (it sets portex's own ingest stack, which a run against your service does not use): drop --fault or --target-image",
                "run --target-image my-service --target-port 8080 --nat-ports 40000-40003 --client pooled | portex: --target-image does not go with --nat-ports",
                "run --client okhttp-tls-factory-per-call | portex: --client okhttp-tls-factory-per-call is a reuse trap that only HTTPS shows: add --tls",
                "run --tls --client-image my-image    | portex: --tls gives the stack's CA to the built-in clients, a sender or --client-command, not to --client-image: drop --tls or --client-image",
                "run --tls --targets 2                | portex: --tls does not go with --targets 2 (the ingest server serves HTTPS on one port, 8443): drop --targets or --tls",
                "run --tls --target-image my-service --target-port 8080 | portex: --tls does not go with --target-image (it serves portex's own ingest server over HTTPS; your service's TLS is its own): drop --target-image or --tls",
                "run --tls --nat-ports 40000-40003 --client pooled | portex: --tls does not go with --nat-ports (the NAT path sends plain HTTP): drop --nat-ports or --tls",
                "run --behind-nat 2                   | portex: --behind-nat sets up the NAT: give its ports with --nat-ports LOW-HIGH, e.g. --nat-ports 40000-40003, or drop --behind-nat",
                "run --nat-random-fully               | portex: --nat-random-fully sets up the NAT: give its ports with --nat-ports LOW-HIGH",
                "run --nat-idle-timeout 5             | portex: --nat-idle-timeout sets up the NAT: give its ports with --nat-ports LOW-HIGH",
                "run --nat-ports 40000-40003 --behind-nat 9 | portex: --behind-nat must be a whole number from 1 to 8, got '9'",
                "run --nat-ports 40000-40003 --nat-idle-timeout 0 | portex: --nat-idle-timeout must be a whole number from 1 to 3600, got '0'",
                "run --nat-ports 40000-40003 --targets 2 | portex: --nat-ports does not support --targets 2 (the NAT path runs portex's built-in clients towards one Node port): drop --targets or --nat-ports",
                "run --nat-ports 40000-40003 --fault es-kill@2s | portex: --nat-ports does not support --fault (the NAT path runs portex's built-in clients towards one Node port): drop --fault or --nat-ports",
                "run --nat-ports 40000-40003 --tw-reuse 1 | portex: --nat-ports does not support --tw-reuse 1",
                "run --nat-ports 40000-40003 --client-command true | portex: --nat-ports does not support --client-command (the NAT path runs portex's built-in clients towards one Node port): drop --client-command or --nat-ports",
                "run --nat-ports 40000-40003 --server-port-range 41000-41099 | portex: --nat-ports does not support --server-port-range"})
        void badInput(String commandLine, String expected) {
            Outcome o = execute(commandLine);

            assertThat(o.exitCode()).as("exit code of `./portex %s`: 2 means bad options (stderr: %s)", commandLine.trim(), o.errLines())
                    .isEqualTo(2);
            assertThat(o.errLines()).as("stderr of `./portex %s`: exactly one line", commandLine.trim()).hasSize(1);
            assertThat(o.errLines().get(0)).as("the line for `./portex %s`", commandLine.trim())
                    .startsWith("portex: ").contains(expected);
            assertThat(o.out()).as("stdout stays empty when the options are refused").isEmpty();
        }
    }

    @Nested
    @DisplayName("accepts")
    class Accepts {
        @Test
        @DisplayName("the issue's example, and --opt=value spelling, printing the budget without a container")
        void budgetWithEqualsSignedOptions() {
            Outcome o = execute("budget --rate=800 --port-range=32768-60999 --docs 360000");

            assertThat(o.exitCode()).as("exit code (stderr: %s)", o.errLines()).isZero();
            assertThat(o.out()).as("the budget's verdict line")
                    .contains("EXHAUSTS: document 28,233 fails after about 35.3 s; 28,232 documents get through");
        }

        @Test
        @DisplayName("budget with no options as the incident's own numbers (800/s on 32768-60999, 360,000 documents)")
        void budgetDefaultsAreTheIncident() {
            Outcome o = execute("budget");

            assertThat(o.out()).as("`./portex budget` alone").contains("32768-60999 = 28,232 ports")
                    .contains("needed at 800/s      48,000 ports per minute");
        }

        @ParameterizedTest(name = "`./portex {0}` prints the {1} help and exits 0")
        @CsvSource({"help, portex", "--help, portex", "help run, portex run", "run --help, portex run",
                "help bench, portex bench", "replay-incident -h, portex replay-incident"})
        void help(String commandLine, String usageOf) {
            Outcome o = execute(commandLine);

            assertThat(o.exitCode()).as("exit code of `./portex %s`", commandLine).isZero();
            assertThat(o.out()).as("help of `./portex %s`", commandLine).contains("Usage: " + usageOf + " ");
            assertThat(o.errLines()).as("stderr of `./portex %s`", commandLine).isEmpty();
        }
    }

    @Nested
    @DisplayName("shows each command's own defaults")
    class Defaults {
        @ParameterizedTest(name = "`./portex {0} --help` says {1}")
        @CsvSource(delimiter = '|', value = {
                "run             | documents to send per client (default: 300)",
                "replay-incident | --docs=N            documents to send per client (default: 360000)",
                "replay-incident | --rate=R            documents per second, 0 = as fast as possible (default: 800)",
                "replay-incident | --concurrency=C     client threads or processes (default: 16)",
                "replay-incident | the load generator's ephemeral port range, inclusive (default: 32768-60999)",
                "replay-incident | --max-seconds=S     hard time limit of one run (default: 1200)",
                "bench           | --docs=N          documents per measured run (default: 15000)",
                "bench           | --concurrency=C   client threads or processes (default: 8)",
                "bench           | --jit-warm-up=N   requests the Java load generator sends over loopback before each",
                "bench           | --client=NAME     bench only this client, one of per-request, pooled, python-post, python-session;",
                "budget          | new connections (documents) per second (default: 800)"})
        void perCommand(String command, String line) {
            assertThat(execute(command + " --help").out()).as("help of ./portex %s", command).contains(line);
        }
    }
}
