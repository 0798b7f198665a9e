package dev.portex.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.internal.containers.PortexContainer;
import dev.portex.internal.infra.PortexHome;
import dev.portex.model.ClientKind;
import dev.portex.model.PortRange;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A result names what it ran on: the versions in it are the ones the run's images carry, read here from the containers
 * themselves ({@code cat /etc/portex/versions} in the load generator while its namespace exists, and in the Node server
 * the run used), so the test holds whatever versions the images are built with.
 */
@PortexStackTest
class EveryResultNamesItsVersionsIT {
    static final PortRange RANGE = new PortRange(46000, 46136);

    @ParameterizedTest(name = "a {0} run names Node.js, its runtime and Debian as its images carry them, and Elasticsearch "
            + "and its client")
    @EnumSource(value = ClientKind.class, names = {"POOLED", "PYTHON_POST"})
    void versionsAreTheImagesOwn(ClientKind client, Incident incident) {
        Scenario scenario = Scenario.of(client, RANGE, 20);
        AtomicReference<Map<String, String>> loadgen = new AtomicReference<>();
        ScenarioResult r = incident.run(scenario, container -> loadgen.set(versionsIn(container)));
        Map<String, String> node = versionsIn(incident.sharedNode(scenario));
        boolean java = client.runtime() == ClientKind.Runtime.JAVA;

        assertThat(r.clientSide().acknowledged()).as("documents the %s run got acknowledged", client).isEqualTo(20);
        assertThat(r.setup().versions()).as("the versions of the %s run, against the load generator's %s and the Node "
                        + "image's %s (%s of each image)", client, loadgen.get(), node, PortexContainer.VERSIONS_FILE)
                .isEqualTo(new ScenarioResult.Versions(node.get("node"),
                        java ? loadgen.get().get("java") : null,
                        java ? null : loadgen.get().get("python"),
                        java ? null : loadgen.get().get("requests"),
                        java ? null : loadgen.get().get("urllib3"),
                        null, null, null, null, null, null,
                        node.get("debian")));
        assertThat(loadgen.get().get("debian")).as("Debian of the load generator's image: the Node image's (one base image)")
                .isEqualTo(node.get("debian"));
        assertThat(r.setup().elasticsearchVersion()).as("the Elasticsearch version").isEqualTo(PortexHome.elasticsearchVersion());
        assertThat(r.setup().esClientVersion()).as("the @elastic/elasticsearch version, against the Node image's")
                .isEqualTo(node.get("elasticsearch-client"));
    }

    private static Map<String, String> versionsIn(PortexContainer<?> container) {
        try {
            var cat = container.execInContainer("cat", PortexContainer.VERSIONS_FILE);
            assertThat(cat.getExitCode()).as("exit code of cat %s in %s (stderr: %s)", PortexContainer.VERSIONS_FILE,
                    container.getDockerImageName(), cat.getStderr()).isZero();
            return PortexContainer.parseVersions(cat.getStdout());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
