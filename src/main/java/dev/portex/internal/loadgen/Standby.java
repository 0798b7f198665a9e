package dev.portex.internal.loadgen;

import java.util.ArrayList;
import java.util.List;

/**
 * The load generator on standby ({@code --standby DIR}): a Java load generator started in a fresh namespace before any
 * run asks for it, so that a run on the warm stack does not wait for a container and a JVM to start. It loads its
 * classes, writes {@link #READY} (its pid) and waits for its orders; the run hands them over with {@link #claim} in one
 * {@code docker exec}, which then streams the load generator's stdout and stderr and exits with its status, as a
 * {@code docker exec} of the load generator itself would.
 *
 * <p>Named pipes carry everything, so nothing is polled: {@link #ORDERS} (the options, one per line), {@link #OUT} and
 * {@link #ERR}; {@link #EXIT} is a plain file written before the pipes close.
 */
public final class Standby {
    /** Where the pipes are, in the load-generator image (writable by its user). */
    public static final String DIR = "/tmp/portex-standby";
    static final String READY = "ready";
    static final String ORDERS = "orders";
    static final String OUT = "out";
    static final String ERR = "err";
    static final String EXIT = "exit";
    static final String START = "start";
    /** Written next to {@link #READY} when ports of the namespace's range were bound before any load (see {@link #claim}). */
    static final String TAKEN = "taken";
    /**
     * The range to check instead of the namespace's own ({@code low high}), when this file exists: for a load generator
     * on standby outside a container, whose namespace (the host's) has sockets all over its range. Containers have none.
     */
    static final String RANGE = "range";
    /** {@link #claim}'s exit status when the namespace's range was not entirely free: its stdout lists the ports taken, nothing ran. */
    public static final int RANGE_NOT_FREE = 76;
    static final int START_WAIT_TENTHS = 100;
    /** {@link #claim}'s exit status when no load generator is on standby (it never started, or it is gone): nothing ran. */
    public static final int NOT_ON_STANDBY = 75;
    /** {@link #claim}'s exit status when the load generator ran but left no status (it was killed). */
    public static final int NO_STATUS = 70;
    /** How long {@link #claim} waits for a load generator still starting (a spare made a moment ago). */
    static final int READY_WAIT_TENTHS = 100;

    private Standby() {
    }

    /**
     * The container's command: an idle PID 1, as in the image, with the load generator started on standby beside it
     * ({@code java} is the load generator's command line without its options) once {@link #START} exists, or after 10 s
     * without it; its own output goes to {@code DIR/standby.log}. The wait lets a run start the next spare while it still
     * measures, and its JVM (a second of CPU) only once that run is done ({@link #startNow}).
     */
    public static List<String> containerCommand(List<String> java) {
        return List.of("sh", "-c", "trap 'exit 0' TERM INT; { " + start(java, DIR, START_WAIT_TENTHS) + "; } & sleep infinity & wait");
    }

    /** Makes the pipes in {@code dir}, waits for {@link #START} (at most {@code startWaitTenths}), and starts the load generator. */
    static String start(List<String> java, String dir, int startWaitTenths) {
        return "d=" + dir + "; mkdir -p $d && mkfifo $d/" + ORDERS + " $d/" + OUT + " $d/" + ERR + " && "
                + "{ i=0; while [ ! -e $d/" + START + " ] && [ $i -lt " + startWaitTenths + " ]; do i=$((i+1)); sleep 0.1; done; } && "
                + quoted(java) + " " + LoadGenerator.STANDBY_OPTION + " $d >$d/standby.log 2>&1";
    }

    /** The {@code docker exec} that lets a spare's load generator start now (see {@link #containerCommand}). */
    public static List<String> startNow() {
        return List.of("sh", "-c", "mkdir -p " + DIR + " && touch " + DIR + "/" + START);
    }

    /**
     * The {@code docker exec} that hands {@code options} to the load generator on standby and becomes it: its stdout and
     * stderr, then its exit status ({@link #NOT_ON_STANDBY} when none is there to take them; {@link #NO_STATUS} when it
     * died). Every wait is bounded: the pipes' readers by the run's own time limit plus a minute.
     */
    public static List<String> claim(List<String> options, int maxSeconds) {
        return claim(options, maxSeconds, DIR, READY_WAIT_TENTHS);
    }

    static List<String> claim(List<String> options, int maxSeconds, String dir, int readyWaitTenths) {
        int bound = maxSeconds + 60;
        String script = "d=" + dir + "; i=0; mkdir -p $d && touch $d/" + START + "; "
                + "while [ ! -s $d/" + READY + " ]; do i=$((i+1)); [ $i -gt " + readyWaitTenths + " ] && exit " + NOT_ON_STANDBY
                + "; sleep 0.1; done; "
                + "kill -0 \"$(cat $d/" + READY + ")\" 2>/dev/null || exit " + NOT_ON_STANDBY + "; "
                + "if [ -s $d/" + TAKEN + " ]; then cat $d/" + TAKEN + "; exit " + RANGE_NOT_FREE + "; fi; "
                + "timeout 10 sh -c 'printf \"%s\\n\" \"$@\" > \"$0\"' $d/" + ORDERS + " \"$@\" || exit " + NOT_ON_STANDBY + "; "
                + "timeout " + bound + " cat $d/" + ERR + " >&2 & "
                + "timeout " + bound + " cat $d/" + OUT + "; wait; "
                + "exit \"$(cat $d/" + EXIT + " 2>/dev/null || echo " + NO_STATUS + ")\"";
        List<String> command = new ArrayList<>(List.of("sh", "-c", script, "standby"));
        for (String option : options) {
            if (option.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("an option of a load generator on standby cannot hold a line break: " + option);
            }
            command.add(option);
        }
        return command;
    }

    /**
     * The ports of the namespace's ephemeral range ({@code /proc/sys/net/ipv4/ip_local_port_range}'s text) that
     * {@code sockets} hold, comma-separated in order; empty when the range is entirely free.
     */
    static String portsTakenInRange(dev.portex.internal.sockets.TcpSocketTable sockets, String portRangeText) {
        String[] bounds = portRangeText.strip().split("\\s+");
        int low = Integer.parseInt(bounds[0]);
        int high = Integer.parseInt(bounds[1]);
        return sockets.sockets().stream().mapToInt(s -> s.localPort()).filter(p -> p >= low && p <= high).distinct().sorted()
                .mapToObj(String::valueOf).collect(java.util.stream.Collectors.joining(","));
    }

    /** The ports {@link #claim} listed with {@link #RANGE_NOT_FREE}. */
    public static List<Integer> parsePortsTaken(String stdout) {
        return java.util.Arrays.stream(stdout.strip().split(",")).filter(p -> !p.isBlank()).map(p -> Integer.valueOf(p.strip())).toList();
    }

    /** {@code words} as one shell command line, each word single-quoted. */
    static String quoted(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append('\'').append(word.replace("'", "'\\''")).append('\'');
        }
        return line.toString();
    }
}
