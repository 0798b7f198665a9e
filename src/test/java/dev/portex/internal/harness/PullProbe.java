package dev.portex.internal.harness;

import dev.portex.internal.infra.ExitHooks;
import org.testcontainers.DockerClientFactory;

/**
 * {@code PullProbe IMAGE}: the base image's pull ({@link HostSetup#pull}) of one image, in a JVM of its own with the
 * CLI's logging, as a first ./portex on a machine without a registry makes it; prints {@code pulled} or
 * {@code refused: <why>} on stdout. For FirstRunPrintsNoStackTraceIT, which reads what else the JVM printed.
 */
public final class PullProbe {
    private PullProbe() {
    }

    public static void main(String[] args) {
        ExitHooks.quietConcurrentPrune(); // as the CLI's main does
        System.out.println(HostSetup.pull(DockerClientFactory.instance().client(), args[0]).map(why -> "refused: " + why)
                .orElse("pulled"));
    }
}
