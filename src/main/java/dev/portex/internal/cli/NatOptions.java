package dev.portex.internal.cli;

import dev.portex.model.InvalidScenarioException;
import dev.portex.model.Nat;
import dev.portex.model.Scenario;
import picocli.CommandLine.Option;

/** The NAT between the load generators and Node (run only): see "Behind a NAT" in docs/nat.md. */
final class NatOptions {
    @Option(names = "--nat-ports", paramLabel = "LOW-HIGH",
            description = "put the load generator behind a NAT router that maps every connection to Node to its own "
                    + "address and a port of LOW-HIGH (iptables SNAT): the NAT's ports run out, not the client's; see docs/nat.md")
    String ports;

    @Option(names = "--behind-nat", paramLabel = "K", converter = Converters.BehindNat.class,
            description = "with --nat-ports: K load generators behind the one NAT (like K pods behind one node's address), "
                    + "each sending --docs documents with --concurrency threads (default: 1)")
    Integer behind;

    @Option(names = "--nat-random-fully",
            description = "with --nat-ports: SNAT with --random-fully (the NAT picks its ports at random)")
    boolean randomFully;

    @Option(names = "--nat-idle-timeout", paramLabel = "S", converter = Converters.NatIdleSeconds.class,
            description = "with --nat-ports: the router's nf_conntrack_tcp_timeout_established, in seconds "
                    + "(the kernel's: 5 days): a connection idle longer loses its mapping")
    Integer idleTimeoutSeconds;

    /** {@code scenario} behind the NAT these options name, or unchanged when they name none. */
    Scenario apply(Scenario scenario) {
        if (ports == null) {
            String stray = behind != null ? "--behind-nat" : randomFully ? "--nat-random-fully"
                    : idleTimeoutSeconds != null ? "--nat-idle-timeout" : null;
            if (stray != null) {
                throw new UsageException(stray + " sets up the NAT: give its ports with --nat-ports LOW-HIGH, e.g. "
                        + "--nat-ports 40000-40003, or drop " + stray);
            }
            return scenario;
        }
        try {
            return scenario.withNat(Nat.parse(ports, behind == null ? 1 : behind, randomFully, idleTimeoutSeconds));
        } catch (InvalidScenarioException e) {
            throw new UsageException(e.cliMessage());
        }
    }
}
