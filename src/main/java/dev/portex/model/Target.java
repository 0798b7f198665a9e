package dev.portex.model;

import java.util.regex.Pattern;

/**
 * Your own service as the load's destination, instead of portex's ingest server ({@code --target-image},
 * {@code PortexHarness.SenderRun.against(...)}): an image portex starts for the run, or a container the test started
 * itself, which portex joins to the run's network. The client sends to {@link #url()}; a document counts as
 * acknowledged when the service answers it with any 2xx (a command: when it exits 0). What only portex's own stack can
 * count (Node's requests, what Elasticsearch indexed, nothing lost) is not measured for such a run, and its result says
 * so ({@link ScenarioResult#serverSide()} is null).
 *
 * @param image the image portex starts (on the run's network, removed after it), or null for {@code container}
 * @param container the id of a running container the test started, or null for {@code image}
 * @param port the port the service listens on inside its container
 * @param path the path the documents go to, from {@code /}
 */
public record Target(String image, String container, int port, String path) {
    /** The name the load generator reaches the service by, on the run's network. */
    public static final String ALIAS = "target-service";
    /** The path when none is given. */
    public static final String DEFAULT_PATH = "/";

    private static final Pattern PATH = Pattern.compile("/[\\x21-\\x7e]*");

    /** @throws InvalidScenarioException naming the setting, its value, and one that is accepted */
    public Target {
        check((image == null) != (container == null), "withTarget", "image " + image + ", container " + container,
                "a target is an image to start or a running container, one of the two", null,
                "--target-image is required for a target: give the image of your service, e.g. --target-image my-service:1.0 --target-port 8080");
        check(image == null || !image.isBlank() && image.strip().equals(image), "withTarget", "\"" + image + "\"",
                "the image must be a name without spaces, as docker images lists it", "\"portex-example/target-service\"",
                "--target-image \"" + image + "\" must be an image name without spaces, e.g. --target-image my-service:1.0");
        check(port >= 1 && port <= PortRange.MAX_PORT, "withTarget", "port " + port,
                "the service's port must be a whole number from 1 to " + PortRange.MAX_PORT, "8080",
                "--target-port must be a whole number from 1 to " + PortRange.MAX_PORT + " (the port your service listens on"
                        + " inside its container), got " + port);
        check(path != null && PATH.matcher(path).matches(), "withTarget", "path \"" + path + "\"",
                "the path must start with / and hold no space or control character", "\"/orders\"",
                "--target-path \"" + path + "\" must start with / and hold no space, e.g. --target-path /orders");
    }

    /** The image {@code image}, listening on {@code port}, documents to {@code /}. */
    public static Target image(String image, int port) {
        return new Target(image, null, port, DEFAULT_PATH);
    }

    /** The running container {@code id}, listening on {@code port}, documents to {@code /}. */
    public static Target container(String id, int port) {
        return new Target(null, id, port, DEFAULT_PATH);
    }

    /** The same target, documents to {@code path}. */
    public Target withPath(String path) {
        return new Target(image, container, port, path);
    }

    /** Where the documents go, as the load generator reaches the service on the run's network. */
    public String url() {
        return "http://" + ALIAS + ":" + port + path;
    }

    /** How a result names it: the image (or the container's id, short) and its port and path. */
    public String label() {
        return (image != null ? image : "container " + container.substring(0, Math.min(12, container.length())))
                + " port " + port + (DEFAULT_PATH.equals(path) ? "" : " " + path);
    }

    private static void check(boolean ok, String method, Object value, String rule, String example, String cliMessage) {
        if (!ok) {
            throw new InvalidScenarioException(method, String.valueOf(value), rule, example, cliMessage);
        }
    }
}
