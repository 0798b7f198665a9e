package dev.portex.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NAT between the load generators and Node ({@code --nat-ports}): a router that maps every connection of the
 * {@code behind} load generators behind it to its own address and a port of {@code low..high} (iptables SNAT), as a
 * cloud NAT gateway or a Kubernetes node's masquerading does for its pods. The NAT holds one mapping per connection and
 * destination: with every port of its range taken, it drops the SYN of the next connection (conntrack counts
 * {@code insert_failed} and {@code drop}), and the client's {@code connect()} times out; no errno 99.
 *
 * @param low the NAT's first source port
 * @param high its last (inclusive); {@code low == high} is a NAT of one port
 * @param behind load generators behind the NAT (like pods behind one node's address), each running the scenario's client
 * @param randomFully SNAT with {@code --random-fully}: the NAT picks its ports at random instead of in order
 * @param idleTimeoutSeconds the router's {@code nf_conntrack_tcp_timeout_established}, or null for the kernel's
 *        (5 days): how long an idle connection keeps its mapping. When set, the router also takes no packet of an
 *        expired connection up as a new one ({@code nf_conntrack_tcp_loose=0}): the connection is silently dead, and the
 *        next packet the client sends on it gets a reset from the router, as from a cloud NAT gateway
 */
public record Nat(int low, int high, int behind, boolean randomFully, Integer idleTimeoutSeconds) {
    /** Most load generators behind one NAT. */
    public static final int MAX_BEHIND = 8;
    /** The lowest NAT port taken: below it are the well-known ports. */
    public static final int MIN_PORT = 1024;
    /** The shortest idle timeout taken, in seconds. */
    public static final int MIN_IDLE_SECONDS = 1;
    /** The longest idle timeout taken, in seconds (the kernel's default is 432,000: 5 days). */
    public static final int MAX_IDLE_SECONDS = 3600;

    private static final Pattern RANGE = Pattern.compile("(\\d{1,9})(?:-(\\d{1,9}))?");

    /** @throws InvalidScenarioException naming the setting, its value, and one that is accepted */
    public Nat {
        String shown = low == high ? String.valueOf(low) : low + "-" + high;
        check(low >= MIN_PORT && high <= PortRange.MAX_PORT, "withNat", "new Nat(" + low + ", " + high + ", ...)",
                "the NAT's ports must lie within " + MIN_PORT + ".." + PortRange.MAX_PORT, "new Nat(40000, 40003, 1, false, null)",
                "--nat-ports " + shown + " must lie within " + MIN_PORT + ".." + PortRange.MAX_PORT + ": e.g. --nat-ports 40000-40003");
        check(low <= high, "withNat", "new Nat(" + low + ", " + high + ", ...)",
                "the NAT's range holds no port (its low end is above its high end), so it cannot map one connection",
                "new Nat(40000, 40003, 1, false, null)",
                "--nat-ports " + shown + " holds no port, so the NAT cannot map one connection: give LOW-HIGH with LOW <= HIGH,"
                        + " e.g. --nat-ports 40000-40003");
        check(behind >= 1 && behind <= MAX_BEHIND, "withNat", "behind " + behind,
                "the load generators behind the NAT must be a whole number from 1 to " + MAX_BEHIND, "new Nat(40000, 40003, 2, false, null)",
                "--behind-nat must be a whole number from 1 to " + MAX_BEHIND + ", got " + behind);
        check(idleTimeoutSeconds == null || idleTimeoutSeconds >= MIN_IDLE_SECONDS && idleTimeoutSeconds <= MAX_IDLE_SECONDS,
                "withNat", "idle timeout " + idleTimeoutSeconds,
                "the NAT's idle timeout must be null (the kernel's) or a whole number of seconds from " + MIN_IDLE_SECONDS
                        + " to " + MAX_IDLE_SECONDS, "new Nat(40000, 40003, 1, false, 5)",
                "--nat-idle-timeout must be a whole number of seconds from " + MIN_IDLE_SECONDS + " to " + MAX_IDLE_SECONDS
                        + ", got " + idleTimeoutSeconds);
    }

    /** One load generator behind a NAT of {@code ports}, ports taken in order, the kernel's idle timeout. */
    public static Nat of(int low, int high) {
        return new Nat(low, high, 1, false, null);
    }

    /**
     * {@code LOW-HIGH} or a single {@code PORT}, as {@code --nat-ports} takes it.
     *
     * @throws InvalidScenarioException for any other text, or a range {@link Nat} refuses
     */
    public static Nat parse(String text, int behind, boolean randomFully, Integer idleTimeoutSeconds) {
        Matcher m = RANGE.matcher(text == null ? "" : text.strip());
        check(m.matches(), "Nat.parse", text, "the NAT's ports look like LOW-HIGH or PORT", "\"40000-40003\"",
                "--nat-ports must look like LOW-HIGH (or one PORT), e.g. 40000-40003, got '" + text + "'");
        int low = Integer.parseInt(m.group(1));
        int high = m.group(2) == null ? low : Integer.parseInt(m.group(2));
        return new Nat(low, high, behind, randomFully, idleTimeoutSeconds);
    }

    /** The NAT's source ports: as many connections as it can hold to one destination. */
    public int ports() {
        return high - low + 1;
    }

    public Nat withBehind(int behind) {
        return new Nat(low, high, behind, randomFully, idleTimeoutSeconds);
    }

    public Nat withRandomFully(boolean randomFully) {
        return new Nat(low, high, behind, randomFully, idleTimeoutSeconds);
    }

    public Nat withIdleTimeout(Integer idleTimeoutSeconds) {
        return new Nat(low, high, behind, randomFully, idleTimeoutSeconds);
    }

    /** {@code 40000-40003}, as iptables' {@code --to-source ADDRESS:LOW-HIGH} takes it. */
    public String range() {
        return low + "-" + high;
    }

    private static void check(boolean ok, String method, Object value, String rule, String example, String cliMessage) {
        if (!ok) {
            throw new InvalidScenarioException(method, String.valueOf(value), rule, example, cliMessage);
        }
    }
}
