package dev.portex.internal.cli;

import dev.portex.model.InvalidScenarioException;
import dev.portex.model.Scenario;
import dev.portex.model.Target;
import picocli.CommandLine.Option;

/** Your own service as the load's destination (run only): see "Your own service as the target" in docs/java-api.md. */
final class TargetOptions {
    @Option(names = "--target-image", paramLabel = "IMAGE",
            description = "send to your own service instead of portex's ingest server: portex starts IMAGE for the run "
                    + "(on the run's network, removed after it); a document counts as acknowledged on any 2xx; needs no "
                    + "Elasticsearch")
    String image;

    @Option(names = "--target-port", paramLabel = "P", converter = Converters.TargetPort.class,
            description = "with --target-image: the port your service listens on inside its container")
    Integer port;

    @Option(names = "--target-path", paramLabel = "PATH",
            description = "with --target-image: the path the documents go to (default: /)")
    String path;

    /** {@code scenario} against the service these options name, or unchanged when they name none. */
    Scenario apply(Scenario scenario) {
        if (image == null) {
            String stray = port != null ? "--target-port" : path != null ? "--target-path" : null;
            if (stray != null) {
                throw new UsageException(stray + " sets up your own service as the target: give its image with "
                        + "--target-image IMAGE, e.g. --target-image my-service:1.0 --target-port 8080, or drop " + stray);
            }
            return scenario;
        }
        if (port == null) {
            throw new UsageException("--target-image " + image + " needs the port your service listens on inside its "
                    + "container: add --target-port P, e.g. --target-port 8080");
        }
        try {
            return scenario.withTarget(new Target(image, null, port, path == null ? Target.DEFAULT_PATH : path));
        } catch (InvalidScenarioException e) {
            throw new UsageException(e.cliMessage());
        }
    }
}
