package dev.portex.internal.containers;

import com.github.dockerjava.api.model.Capability;
import dev.portex.model.Nat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.Network;

/**
 * The NAT between the load generators and Node ({@code --nat-ports}): a router on the stack's network and on an internal
 * network of its own, which is all the load generators behind it are on. They connect to the router's address there;
 * the router forwards the connection to Node (DNAT) and maps it to its own address on the stack's network and a port of
 * the NAT's range (SNAT), in its own network namespace's netfilter, whose conntrack counts what it could not map.
 *
 * <p>The only portex container with an added capability: NET_ADMIN, for the rules of its own namespace. Its process runs
 * as an ordinary user; the rules are set with {@code docker exec -u root}. Its rules and conntrack table go with its
 * namespace when the container is removed.
 */
public class NatRouterContainer extends PortexContainer<NatRouterContainer> {
    /** The one capability the router adds: what {@code ContainersAreNotExposedIT} allows it, and nothing else. */
    public static final String CAPABILITY = "NET_ADMIN";
    /** The label that tells the router apart from the other portex containers. */
    public static final String ROLE_LABEL = "dev.portex.role";
    public static final String ROLE = "nat-router";

    private final Nat nat;

    public NatRouterContainer(Nat nat) {
        super(PortexImages.natRouter());
        this.nat = nat;
        withLabel(ROLE_LABEL, ROLE);
        withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withCapAdd(Capability.NET_ADMIN));
        withSysctl("net.ipv4.ip_forward", "1");
        if (nat.idleTimeoutSeconds() != null) {
            withSysctl("net.netfilter.nf_conntrack_tcp_timeout_established", String.valueOf(nat.idleTimeoutSeconds()));
            // A packet of a connection whose mapping expired is not taken up as a new connection (Linux's default, which
            // would map it again, maybe to another port): the router answers it with a reset, as a cloud NAT gateway
            // does after its idle timeout.
            withSysctl("net.netfilter.nf_conntrack_tcp_loose", "0");
        }
    }

    /** Connects the running router to {@code network} as well (the load generators' internal network). */
    public void join(Network network) {
        getDockerClient().connectToNetworkCmd().withContainerId(getContainerId()).withNetworkId(network.getId()).exec();
    }

    /** This router's address on {@code network}, read from Docker now (it joined one network after its start). */
    public String currentAddressOn(Network network) {
        var networks = getDockerClient().inspectContainerCmd(getContainerId()).exec().getNetworkSettings().getNetworks();
        return networks.values().stream()
                .filter(n -> network.getId().equals(n.getNetworkID()) && n.getIpAddress() != null && !n.getIpAddress().isBlank())
                .map(com.github.dockerjava.api.model.ContainerNetwork::getIpAddress)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the NAT router has no address on network "
                        + network.getId().substring(0, 12)));
    }

    /**
     * Sets the NAT: connections that come in on {@code insideAddress}'s interface to port {@code nodePort} go to
     * {@code nodeAddress} (DNAT), leave from {@code outsideAddress} with a source port of the NAT's range (SNAT), and
     * nothing else is forwarded.
     */
    public void route(String insideAddress, String outsideAddress, String nodeAddress, int nodePort) {
        String script = rules(insideAddress, outsideAddress, nodeAddress, nodePort, nat);
        ExecResult result;
        try {
            result = execInContainerWithUser("root", "sh", "-c", script);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot set the NAT's rules: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting the NAT's rules", e);
        }
        if (result.getExitCode() != 0) {
            throw new IllegalStateException("setting the NAT's rules failed (exit " + result.getExitCode() + "): "
                    + result.getStderr().strip() + " " + result.getStdout().strip());
        }
    }

    /** The shell script of {@link #route}: finds the two interfaces by their addresses, then the four rules. */
    static String rules(String insideAddress, String outsideAddress, String nodeAddress, int nodePort, Nat nat) {
        String node = nodeAddress + ":" + nodePort;
        return "set -e; "
                + "ifname() { ip -o -4 addr show | awk -v a=\"$1\" '{split($4, p, \"/\"); if (p[1] == a) print $2}'; }; "
                + "in=$(ifname " + insideAddress + "); out=$(ifname " + outsideAddress + "); "
                + "[ -n \"$in\" ] && [ -n \"$out\" ] || { echo \"no interface for " + insideAddress + " or " + outsideAddress
                + "\" >&2; exit 1; }; "
                + "iptables -t nat -A PREROUTING -i \"$in\" -p tcp --dport " + nodePort + " -j DNAT --to-destination " + node + "; "
                + "iptables -t nat -A POSTROUTING -o \"$out\" -p tcp -j SNAT --to-source " + outsideAddress + ":" + nat.range()
                + (nat.randomFully() ? " --random-fully" : "") + "; "
                + "iptables -P FORWARD DROP; "
                + "iptables -A FORWARD -i \"$in\" -o \"$out\" -p tcp -d " + nodeAddress + " --dport " + nodePort + " -j ACCEPT; "
                + "iptables -A FORWARD -i \"$out\" -o \"$in\" -p tcp -s " + nodeAddress + " --sport " + nodePort + " -j ACCEPT";
    }

    /** The router's rules as iptables lists them ({@code iptables-save}), for a reader's eyes. */
    public String rulesListing() {
        try {
            return execInContainerWithUser("root", "iptables-save").getStdout();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot list the NAT's rules: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing the NAT's rules", e);
        }
    }

    /**
     * Conntrack's statistics of the router's namespace ({@code /proc/net/stat/nf_conntrack}): each counter added up over
     * the CPUs, {@code entries} (the table's size, the same on every line) once.
     */
    public Map<String, Long> conntrackStats() {
        String path = "/proc/net/stat/nf_conntrack";
        String text = readFiles(List.of(path)).get(path);
        if (text == null) {
            throw new IllegalStateException(path + " cannot be read in the NAT router: a kernel without conntrack's /proc files");
        }
        return parseConntrackStats(text);
    }

    /** The counters of a {@code /proc/net/stat/nf_conntrack} text: a header of names, then one line of hex numbers per CPU. */
    public static Map<String, Long> parseConntrackStats(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        Map<String, Long> counters = new LinkedHashMap<>();
        if (lines.isEmpty()) {
            return counters;
        }
        String[] names = lines.get(0).trim().split("\\s+");
        for (String line : lines.subList(1, lines.size())) {
            String[] values = line.trim().split("\\s+");
            for (int i = 0; i < Math.min(names.length, values.length); i++) {
                long value = Long.parseLong(values[i], 16);
                counters.merge(names[i], value, names[i].equals("entries") ? (a, b) -> a : Long::sum);
            }
        }
        return counters;
    }
}
