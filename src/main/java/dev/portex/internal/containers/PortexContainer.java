package dev.portex.internal.containers;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dev.portex.internal.infra.HostLog;
import dev.portex.model.PortRange;
import dev.portex.internal.sockets.TcpSocketTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * What every portex container shares: labels for clean-up, mapped ports bound to 127.0.0.1 only
 * (Elasticsearch runs without security), and namespaced TCP sysctls, which need no privileges.
 */
public abstract class PortexContainer<SELF extends PortexContainer<SELF>> extends GenericContainer<SELF> {
    /**
     * A folder: when set, every portex container writes its whole log (stdout and stderr, as
     * {@code docker logs} shows it) to {@code <folder>/<alias-or-name>-<id12>.log} just before it is
     * stopped and removed, so CI can keep the logs of a failed run.
     */
    public static final String CONTAINER_LOGS_ENV = "PORTEX_CONTAINER_LOGS";
    private static final int MAX_START_ATTEMPTS = 6;

    private final Map<String, String> sysctls = new LinkedHashMap<>();
    private PortRange portRange;
    private List<Integer> portsTakenAtStart = List.of();
    /** Set for a part of the warm stack: created with {@link PortexLabels#warm} labels instead of the session's. */
    private String warmRole;
    /** Set when this object stands for a container another JVM started ({@link #attachTo}). */
    private volatile InspectContainerResponse attached;

    protected PortexContainer(String imageName) {
        super(DockerImageName.parse(imageName));
        withLabels(PortexLabels.all());
        withCreateContainerCmdModifier(this::applyHostConfig);
    }

    /**
     * Narrows this container's ephemeral port range ({@code net.ipv4.ip_local_port_range}), sets {@code tcp_tw_reuse=0}
     * and {@code tcp_rfc1337=1}, so a port in TIME_WAIT stays unusable for the full 60 s whatever the host's defaults
     * are: no connect takes it over, and no reset ends it early. (With the kernel's default {@code tcp_rfc1337=0} a
     * reset kills a TIME_WAIT, uncounted; on a starved machine a peer's retransmitted FIN can draw one. Measured with
     * 0: 2001 documents through 2000 ports, 2001 sockets into TIME_WAIT, 2000 still there at the end, none reused.)
     */
    public SELF withPortRange(PortRange range) {
        this.portRange = range;
        sysctls.put("net.ipv4.ip_local_port_range", range.low() + " " + range.high());
        sysctls.putIfAbsent("net.ipv4.tcp_tw_reuse", "0");
        sysctls.putIfAbsent("net.ipv4.tcp_rfc1337", "1");
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

    /**
     * Starts the container, preferring a namespace whose narrowed range is entirely free. Docker's
     * embedded DNS listens on 127.0.0.11 at a random TCP port of the default range (32768-60999);
     * when that port falls inside the narrowed range it takes one ephemeral port (connect() never
     * picks a bound port) and the client gets one document fewer than the range size. Such a
     * namespace is discarded and a fresh one made, a few times; a range so wide that the listener
     * keeps landing in it is used as it is, and {@link #getPortsTakenAtStart()} says which ports were taken.
     */
    @Override
    public void start() {
        // a container's start takes CPU (Elasticsearch's: about 11 s of one core): past the gate, as loads are
        try (LoadGate.Pass pass = LoadGate.enter(false)) {
            startFreeOfDnsListener();
        }
    }

    private void startFreeOfDnsListener() {
        for (int attempt = 1; ; attempt++) {
            super.start();
            HostLog.debug("container " + getDockerImageName() + " started");
            if (portRange == null) {
                return;
            }
            if (checkPortsTakenAtStart().isEmpty() || attempt == MAX_START_ATTEMPTS) {
                return;
            }
            stop();
        }
    }

    /** Keeps this container's log before Testcontainers removes it, when {@link #CONTAINER_LOGS_ENV} names a folder. */
    @Override
    protected void containerIsStopping(InspectContainerResponse containerInfo) {
        super.containerIsStopping(containerInfo);
        String folder = System.getenv(CONTAINER_LOGS_ENV);
        if (folder == null || folder.isBlank()) {
            return;
        }
        String id = getContainerId();
        Path file = Path.of(folder).resolve(logFileName(getNetworkAliases(),
                containerInfo == null ? null : containerInfo.getName(), id));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, getLogs(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            // a log we cannot keep must not turn a clean-up into a failure
            HostLog.info("could not keep the log of container " + id.substring(0, Math.min(12, id.length()))
                    + " in " + file + ": " + e.getMessage());
        }
    }

    /**
     * {@code <alias-or-name>-<id12>.log}: the network alias portex gave the container (not Testcontainers'
     * own random {@code tc-} one; the first in sort order if there are several), else its Docker name,
     * in file-name-safe characters.
     */
    static String logFileName(List<String> networkAliases, String dockerName, String containerId) {
        String label = networkAliases.stream().filter(a -> !a.startsWith("tc-")).sorted().findFirst()
                .orElse(dockerName == null || dockerName.isBlank() ? "container" : dockerName);
        label = label.replaceAll("[^A-Za-z0-9._-]", "");
        String id12 = containerId.substring(0, Math.min(12, containerId.length()));
        return (label.isEmpty() ? "container" : label) + "-" + id12 + ".log";
    }

    /**
     * Reads which ports of the narrowed range are bound in the namespace now, before any load ran (see {@link #start}):
     * for a container this object did not start itself ({@link #attachTo}). Empty without a narrowed range.
     */
    public List<Integer> checkPortsTakenAtStart() {
        portsTakenAtStart = portRange == null ? List.of() : socketTable().sockets().stream()
                .map(s -> s.localPort()).filter(portRange::contains).distinct().sorted().toList();
        return portsTakenAtStart;
    }

    /** What another reader found bound in the range before any load (a spare's load generator, see {@link #checkPortsTakenAtStart}). */
    protected void setPortsTakenAtStart(List<Integer> ports) {
        portsTakenAtStart = List.copyOf(ports);
    }

    /** Ports of the narrowed range already bound in the namespace when it started (normally none). */
    public List<Integer> getPortsTakenAtStart() {
        return portsTakenAtStart;
    }

    /**
     * This container's IPv4 address on {@code network}: what the servers it talks to there see as the peer's address (Node
     * counts each load generator's requests under it, Elasticsearch lists each Node server's connections under it).
     */
    public String addressOn(org.testcontainers.containers.Network network) {
        String networkId = network.getId();
        var networks = getContainerInfo().getNetworkSettings().getNetworks();
        return networks.values().stream()
                .filter(n -> networkId.equals(n.getNetworkID()) && n.getIpAddress() != null && !n.getIpAddress().isBlank())
                .map(com.github.dockerjava.api.model.ContainerNetwork::getIpAddress)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("container " + getContainerId().substring(0, 12)
                        + " has no address on network " + networkId.substring(0, Math.min(12, networkId.length()))
                        + " (it is on " + networks.keySet() + ")"));
    }

    /** The TCP sockets of this container's network namespace, read from /proc/net/tcp{,6} inside it. */
    public TcpSocketTable socketTable() {
        Map<String, String> tables = readFiles(List.of("/proc/net/tcp", "/proc/net/tcp6"));
        return TcpSocketTable.parse(tables.getOrDefault("/proc/net/tcp", ""), tables.getOrDefault("/proc/net/tcp6", ""));
    }

    /**
     * {@code /proc/<pid>} on this host of a process in this container's network namespace (its first process), if the
     * engine runs on this host and lets this JVM look: the process's network namespace must be the container's network
     * sandbox (same namespace inode), else nothing (an engine in a VM or elsewhere: its pids are not this host's).
     */
    public java.util.Optional<Path> namespaceProc() {
        try {
            InspectContainerResponse info = getDockerClient().inspectContainerCmd(getContainerId()).exec();
            Long pid = info.getState() == null ? null : info.getState().getPidLong();
            String sandbox = info.getNetworkSettings() == null ? null : info.getNetworkSettings().getSandboxKey();
            if (pid == null || pid <= 0 || sandbox == null || sandbox.isBlank()) {
                return java.util.Optional.empty();
            }
            Path proc = Path.of("/proc", String.valueOf(pid));
            Object processNamespace = Files.readAttributes(proc.resolve("ns/net"),
                    java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            Object containerNamespace = Files.readAttributes(Path.of(sandbox),
                    java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            return processNamespace != null && processNamespace.equals(containerNamespace)
                    ? java.util.Optional.of(proc) : java.util.Optional.empty();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty(); // no such path here, or no permission: docker exec reads it
        }
    }

    /** Where every portex image lists what it runs, one {@code name=version} a line (see containers/&#42;/Dockerfile). */
    public static final String VERSIONS_FILE = "/etc/portex/versions";
    private static final Map<String, Map<String, String>> IMAGE_VERSIONS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * What this container's image runs, from its {@link #VERSIONS_FILE}: copied out of the container once per image in
     * this JVM (an image's tag is the hash of its build context, so the file cannot change under it); empty when it
     * cannot be read (an image of the user's own, a container gone).
     */
    public Map<String, String> imageVersions() {
        String image = getDockerImageName();
        Map<String, String> known = IMAGE_VERSIONS.get(image);
        if (known != null) {
            return known;
        }
        try {
            Map<String, String> read = parseVersions(copyFileFromContainer(VERSIONS_FILE,
                    in -> new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            IMAGE_VERSIONS.put(image, read);
            return read;
        } catch (RuntimeException e) {
            HostLog.debug("no " + VERSIONS_FILE + " in " + image + ": " + e.getMessage());
            return Map.of();
        }
    }

    /** {@code name=version} lines, in their order; lines without '=' are left out. */
    public static Map<String, String> parseVersions(String text) {
        Map<String, String> versions = new LinkedHashMap<>();
        text.lines().map(String::strip).filter(line -> line.indexOf('=') > 0)
                .forEach(line -> versions.put(line.substring(0, line.indexOf('=')).strip(),
                        line.substring(line.indexOf('=') + 1).strip()));
        return java.util.Collections.unmodifiableMap(versions);
    }

    /** A line no file read by {@link #readFiles} starts with (/proc tables, counters, numbers): it heads each file. */
    static final String FILE_MARKER = "@@portex-file@@ ";

    /**
     * The readable ones of {@code paths} (safe names: no quotes), by path: read in one docker exec, or, for the network
     * namespace's /proc/net files when the engine runs on this host, straight from the host's /proc (see
     * {@link #namespaceProc}): the same kernel files, without a process started in the container (0.3 s on 2 cores).
     */
    protected Map<String, String> readFiles(List<String> paths) {
        if (paths.stream().allMatch(path -> path.startsWith("/proc/net/"))) {
            java.util.Optional<Path> proc = namespaceProc();
            if (proc.isPresent()) {
                Map<String, String> files = new LinkedHashMap<>();
                try {
                    for (String path : paths) {
                        Path file = proc.get().resolve(path.substring("/proc/".length()));
                        if (Files.isReadable(file)) {
                            try (var in = Files.newInputStream(file)) {
                                files.put(path, new String(in.readAllBytes(), StandardCharsets.US_ASCII));
                            }
                        }
                    }
                    return files;
                } catch (IOException e) {
                    // the process ended between the check and the read (a restart): read it the slow way
                }
            }
        }
        StringBuilder script = new StringBuilder();
        for (String path : paths) {
            script.append("if [ -r '").append(path).append("' ]; then echo '").append(FILE_MARKER).append(path)
                    .append("'; cat '").append(path).append("'; fi; ");
        }
        try {
            var result = execInContainer("sh", "-c", script.toString());
            if (result.getExitCode() != 0) {
                throw new IllegalStateException("reading " + paths + " in container " + getContainerId().substring(0, 12) + ": exit " + result.getExitCode()
                        + ": " + result.getStderr().strip());
            }
            return splitFiles(result.getStdout());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + paths + " in container " + getContainerId().substring(0, 12) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + paths, e);
        }
    }

    /** The output of {@link #readFiles}: each file's text, under the marker line that names it. */
    static Map<String, String> splitFiles(String output) {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        String current = null;
        StringBuilder text = new StringBuilder();
        for (String line : output.split("\n", -1)) {
            if (line.startsWith(FILE_MARKER)) {
                if (current != null) {
                    files.put(current, text.toString());
                }
                current = line.substring(FILE_MARKER.length());
                text.setLength(0);
            } else if (current != null) {
                text.append(line).append('\n');
            }
        }
        if (current != null) {
            files.put(current, text.toString());
        }
        return files;
    }


    /**
     * Kernel TCP counters of this namespace: the {@code Tcp:} lines of /proc/net/snmp (ActiveOpens, OutRsts,
     * EstabResets, ...) and the {@code TcpExt:} lines of /proc/net/netstat (TCPAbortOnData, TCPAbortOnClose, ...).
     */
    public java.util.Map<String, Long> tcpCounters() {
        Map<String, String> files = readFiles(List.of("/proc/net/snmp", "/proc/net/netstat"));
        return parseTcpCounters(files.getOrDefault("/proc/net/snmp", "") + files.getOrDefault("/proc/net/netstat", ""));
    }

    /** The {@code Tcp:} and {@code TcpExt:} counters of a /proc/net/snmp (+ /proc/net/netstat) text, by name. */
    static java.util.Map<String, Long> parseTcpCounters(String snmpAndNetstat) {
        String[] text = snmpAndNetstat.split("\n");
        java.util.Map<String, Long> counters = new java.util.HashMap<>();
        for (String prefix : new String[] {"Tcp:", "TcpExt:"}) {
            String[] lines = java.util.Arrays.stream(text).filter(l -> l.startsWith(prefix)).toArray(String[]::new);
            if (lines.length == 2) {
                String[] names = lines[0].split("\\s+");
                String[] values = lines[1].split("\\s+");
                for (int i = 1; i < Math.min(names.length, values.length); i++) {
                    counters.put(names[i], Long.parseLong(values[i]));
                }
            }
        }
        return counters;
    }

    /**
     * CPU time this container's processes used since it started, in nanoseconds, from its cgroup (v2 {@code cpu.stat}
     * usage_usec, or v1 {@code cpuacct.usage}); -1 where the kernel does not say.
     */
    public long cpuNanos() {
        String out = exec("sh", "-c", "if [ -r /sys/fs/cgroup/cpu.stat ]; then grep '^usage_usec ' /sys/fs/cgroup/cpu.stat; "
                + "elif [ -r /sys/fs/cgroup/cpuacct/cpuacct.usage ]; then echo \"usage_nsec $(cat /sys/fs/cgroup/cpuacct/cpuacct.usage)\"; fi")
                .getStdout().strip();
        return parseCpuNanos(out);
    }

    /** {@code usage_usec N} (cgroup v2) or {@code usage_nsec N} (v1) to nanoseconds; -1 for anything else. */
    static long parseCpuNanos(String line) {
        String[] parts = line.split("\\s+");
        if (parts.length != 2 || !parts[1].matches("\\d+")) {
            return -1;
        }
        long value = Long.parseLong(parts[1]);
        return switch (parts[0]) {
            case "usage_usec" -> value * 1000;
            case "usage_nsec" -> value;
            default -> -1;
        };
    }

    /**
     * This container's memory from its cgroup: {@code [current, peak]} bytes, page cache included
     * (cgroup v2 memory.current/peak, or v1 usage/max_usage); -1 where the kernel does not say.
     */
    public long[] memoryBytes() {
        String out = exec("sh", "-c", "for f in /sys/fs/cgroup/memory.current /sys/fs/cgroup/memory.peak "
                + "/sys/fs/cgroup/memory/memory.usage_in_bytes /sys/fs/cgroup/memory/memory.max_usage_in_bytes; "
                + "do if [ -r $f ]; then echo \"$f $(cat $f)\"; fi; done").getStdout();
        long current = -1;
        long peak = -1;
        for (String line : out.lines().toList()) {
            String[] parts = line.split(" ");
            if (parts.length != 2 || !parts[1].matches("\\d+")) {
                continue;
            }
            long value = Long.parseLong(parts[1]);
            if (parts[0].endsWith("memory.current") || parts[0].endsWith("usage_in_bytes") && !parts[0].contains("max_")) {
                current = value;
            } else {
                peak = value;
            }
        }
        return new long[] {current, peak};
    }

    /**
     * Kills the container's processes with SIGKILL, as the kernel's OOM killer would: no clean shutdown, sockets closed
     * by the kernel. The container stays (stopped) until it is stopped for good or {@linkplain #startAgain started again}.
     */
    public void kill() {
        getDockerClient().killContainerCmd(getContainerId()).exec();
    }

    /** True while the container runs (false once it was killed). */
    public boolean running() {
        Boolean running = getDockerClient().inspectContainerCmd(getContainerId()).exec().getState().getRunning();
        return Boolean.TRUE.equals(running);
    }

    /**
     * Starts a killed container again, keeping its file system (an Elasticsearch data directory, its translog). Its
     * ports get new host ports: {@link #currentMappedPort} reads them.
     */
    public void startAgain() {
        getDockerClient().startContainerCmd(getContainerId()).exec();
    }

    /** The host port mapped to {@code port} now, as Docker reports it (changes when the container is started again). */
    public int currentMappedPort(int port) {
        var bindings = getDockerClient().inspectContainerCmd(getContainerId()).exec().getNetworkSettings().getPorts()
                .getBindings().get(ExposedPort.tcp(port));
        if (bindings == null || bindings.length == 0) {
            throw new IllegalStateException("port " + port + " of " + getContainerName() + " is not mapped to the host");
        }
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }

    /**
     * Makes this container a part of the warm stack ({@code ./portex up}): it carries the warm labels with {@code role}
     * instead of this JVM's session label, so that it outlives the JVM and only {@code ./portex down} or
     * {@code ./portex clean} removes it.
     */
    public SELF asWarm(String role) {
        this.warmRole = role;
        return self();
    }

    /**
     * Stands for the running container {@code containerId}, which another JVM started (a part of the warm stack): mapped
     * ports, exec, logs, kill and CPU accounting then work on it as on a container this object started. Its wait
     * strategy is not run: the caller checks readiness.
     */
    public SELF attachTo(String containerId) {
        InspectContainerResponse info = getDockerClient().inspectContainerCmd(containerId).exec();
        if (!Boolean.TRUE.equals(info.getState().getRunning())) {
            throw new IllegalStateException("container " + containerId.substring(0, Math.min(12, containerId.length()))
                    + " is not running");
        }
        this.attached = info;
        return self();
    }

    /**
     * Creates and starts this container with the Docker API from this object's definition (image, command, environment,
     * exposed ports bound to 127.0.0.1, network and aliases, labels, sysctls), then {@linkplain #attachTo attaches} and
     * waits with its wait strategy. For the warm stack: what Testcontainers starts itself carries its session label, and
     * its exit hook removes everything with that label when the JVM ends.
     */
    public SELF startDetached() {
        try (LoadGate.Pass pass = LoadGate.enter(false)) {
            return startDetachedPast();
        }
    }

    private SELF startDetachedPast() {
        var docker = getDockerClient();
        CreateContainerCmd cmd = docker.createContainerCmd(getDockerImageName())
                .withEnv(getEnvMap().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withExposedPorts(getExposedPorts().stream().map(ExposedPort::tcp).toList())
                .withLabels(new LinkedHashMap<>(getLabels()))
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig());
        if (getCommandParts().length > 0) {
            cmd.withCmd(getCommandParts());
        }
        if (getNetwork() != null) {
            cmd.getHostConfig().withNetworkMode(getNetwork().getId());
            cmd.withAliases(getNetworkAliases().stream().filter(a -> !a.startsWith("tc-")).toList());
        }
        applyHostConfig(cmd);
        String id = cmd.exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            attachTo(id);
            getWaitStrategy().waitUntilReady(this);
        } catch (RuntimeException e) {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            attached = null;
            throw e;
        }
        return self();
    }

    @Override
    public String getContainerId() {
        InspectContainerResponse info = attached;
        return info != null ? info.getId() : super.getContainerId();
    }

    @Override
    public InspectContainerResponse getContainerInfo() {
        InspectContainerResponse info = attached;
        return info != null ? info : super.getContainerInfo();
    }

    /** An attached container is removed by its id (Testcontainers did not start it); any other is stopped as usual. */
    @Override
    public void stop() {
        InspectContainerResponse info = attached;
        if (info == null) {
            super.stop();
            return;
        }
        containerIsStopping(info);
        try {
            getDockerClient().removeContainerCmd(info.getId()).withForce(true).withRemoveVolumes(true).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            // already gone
        }
        attached = null;
    }

    public ExecResult exec(String... command) {
        try {
            return execInContainer(command);
        } catch (IOException e) {
            throw new IllegalStateException("docker exec " + String.join(" ", command) + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during docker exec " + command[0], e);
        }
    }

    private void applyHostConfig(CreateContainerCmd cmd) {
        if (warmRole != null) {
            Map<String, String> labels = new LinkedHashMap<>(cmd.getLabels());
            labels.remove(PortexLabels.SESSION);
            labels.putAll(PortexLabels.warm(warmRole));
            cmd.withLabels(labels);
        }
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
