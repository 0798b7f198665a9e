package dev.portex.internal.containers;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk (Debian's package) in a container on the stack's network: the yardstick of {@code ./portex bench}. It posts
 * the same kind of JSON document as the load generators, over keep-alive connections, for a fixed time.
 */
public class WrkContainer extends PortexContainer<WrkContainer> {

    public WrkContainer() {
        super(PortexImages.wrk());
    }

    /**
     * Runs wrk with one thread and {@code connections} keep-alive connections for {@code duration} against {@code url}
     * ({@code http://ingest-node-1:8080/docs}); its documents carry {@code runId}.
     */
    public Result run(String url, int connections, Duration duration, String runId) {
        var result = exec("env", "WRK_RUN_ID=" + runId, "wrk", "-t1", "-c" + connections, "-d" + duration.toSeconds() + "s",
                "-s", "/app/post.lua", url);
        if (result.getExitCode() != 0) {
            throw new IllegalStateException("wrk exited with " + result.getExitCode() + ": " + result.getStderr().strip()
                    + " " + result.getStdout().strip());
        }
        return Result.parse(result.getStdout());
    }

    /**
     * What wrk printed: requests completed, in how long, per second, and how many of them were answered other than
     * 2xx/3xx or failed on the socket.
     */
    public record Result(long requests, double seconds, double requestsPerSecond, long non2xx, long socketErrors) {
        private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m|h)");
        private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
        private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
        private static final Pattern SOCKET_ERRORS =
                Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

        /** Requests answered 2xx: the documents wrk got indexed. */
        public long succeeded() {
            return requests - non2xx;
        }

        /** Documents indexed per second. */
        public double documentsPerSecond() {
            return seconds <= 0 ? 0 : succeeded() / seconds;
        }

        /** @throws IllegalArgumentException if {@code text} is not wrk's summary */
        public static Result parse(String text) {
            Matcher requests = REQUESTS.matcher(text);
            Matcher rate = RATE.matcher(text);
            if (!requests.find() || !rate.find()) {
                throw new IllegalArgumentException("not wrk's output (expected 'N requests in T' and 'Requests/sec: R'): "
                        + text.strip());
            }
            double amount = Double.parseDouble(requests.group(2));
            double seconds = switch (requests.group(3)) {
                case "us" -> amount / 1e6;
                case "ms" -> amount / 1e3;
                case "m" -> amount * 60;
                case "h" -> amount * 3600;
                default -> amount;
            };
            Matcher non2xx = NON_2XX.matcher(text);
            Matcher errors = SOCKET_ERRORS.matcher(text);
            long socketErrors = 0;
            if (errors.find()) {
                for (int i = 1; i <= 4; i++) {
                    socketErrors += Long.parseLong(errors.group(i));
                }
            }
            return new Result(Long.parseLong(requests.group(1)), seconds, Double.parseDouble(rate.group(1)),
                    non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, socketErrors);
        }
    }
}
