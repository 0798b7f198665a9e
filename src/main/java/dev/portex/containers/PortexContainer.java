package dev.portex.containers;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dev.portex.budget.PortRange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * What every portex container shares: labels for clean-up, mapped ports bound to 127.0.0.1 only
 * (Elasticsearch runs without security), and namespaced TCP sysctls, which need no privileges.
 */
public abstract class PortexContainer<SELF extends PortexContainer<SELF>> extends GenericContainer<SELF> {
    private final Map<String, String> sysctls = new LinkedHashMap<>();
    private PortRange portRange;

    protected PortexContainer(String imageName) {
        super(DockerImageName.parse(imageName));
        withLabels(PortexLabels.all());
        withCreateContainerCmdModifier(this::applyHostConfig);
    }

    /**
     * Narrows this container's ephemeral port range ({@code net.ipv4.ip_local_port_range}) and
     * sets {@code tcp_tw_reuse=0}, so a port in TIME_WAIT stays unusable for the full 60 s
     * whatever the host's defaults are.
     */
    public SELF withPortRange(PortRange range) {
        this.portRange = range;
        sysctls.put("net.ipv4.ip_local_port_range", range.low() + " " + range.high());
        sysctls.putIfAbsent("net.ipv4.tcp_tw_reuse", "0");
        return self();
    }

    public SELF withPortRange(int low, int high) {
        return withPortRange(new PortRange(low, high));
    }

    /** 0 = never reuse a TIME_WAIT port, 1 = reuse for outgoing connections after tcp_tw_reuse_delay, 2 = loopback only. */
    public SELF withTcpTwReuse(int mode) {
        sysctls.put("net.ipv4.tcp_tw_reuse", String.valueOf(mode));
        return self();
    }

    public SELF withSysctl(String name, String value) {
        sysctls.put(name, value);
        return self();
    }

    /** The narrowed range, or null when the container keeps Docker's default. */
    public PortRange getPortRange() {
        return portRange;
    }

    public Map<String, String> getSysctls() {
        return Map.copyOf(sysctls);
    }

    private void applyHostConfig(CreateContainerCmd cmd) {
        if (!sysctls.isEmpty()) {
            cmd.getHostConfig().withSysctls(new LinkedHashMap<>(sysctls));
        }
        List<ExposedPort> exposed = getExposedPorts().stream().map(ExposedPort::tcp).toList();
        if (!exposed.isEmpty()) {
            Ports ports = new Ports();
            for (ExposedPort port : exposed) {
                ports.add(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), port));
            }
            cmd.getHostConfig().withPortBindings(ports);
        }
    }
}
