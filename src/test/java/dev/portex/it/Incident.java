package dev.portex.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.github.dockerjava.api.model.Container;
import dev.portex.internal.containers.IngestNodeContainer;
import dev.portex.internal.containers.LoadGeneratorContainer;
import dev.portex.internal.containers.PortexLabels;
import dev.portex.internal.harness.PortexStack;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import dev.portex.internal.harness.ScenarioRunner;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.testcontainers.DockerClientFactory;

/**
 * The tests' door to the running stack. Every scenario goes through {@link #run}, which also
 * asserts what must hold in every scenario: nothing a client saw acknowledged is missing from
 * Elasticsearch, and nothing unacknowledged was indexed behind its back.
 */
public final class Incident {
    private final ScenarioRunner runner;

    Incident(ScenarioRunner runner) {
        this.runner = runner;
    }

    public PortexStack stack() {
        return runner.stack();
    }

    /**
     * The containers (any state) that this class's runs started and that still exist: load generators and Node servers,
     * found by the runner's label ({@link PortexLabels#RUNNER}), so that the classes running beside it do not count.
     */
    public List<Container> containersOfThisClass() {
        return DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(PortexLabels.RUNNER, runner.id())).exec();
    }

    /** The Node server that runs of {@code scenario}'s configuration share on this stack (started if none is yet). */
    public IngestNodeContainer sharedNode(Scenario scenario) {
        return runner.sharedNodeFor(scenario);
    }

    public ScenarioResult run(Scenario scenario) {
        return run(scenario, loadgen -> { });
    }

    /**
     * Runs {@code scenario}, which has a NAT: {@code beforeLoad} sees its router and load generators before the load,
     * {@code afterLoad} after it. Then checks that the run left nothing: no container, no network of its own.
     */
    public ScenarioResult runBehindNat(Scenario scenario, ScenarioRunner.WhileBehindNat beforeLoad,
            ScenarioRunner.WhileBehindNat afterLoad) {
        ScenarioResult result = runner.runBehindNat(scenario, beforeLoad, afterLoad);
        assertNothingLost(result);
        var docker = DockerClientFactory.instance().client();
        assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(PortexLabels.RUN, result.runId())).exec())
                .as("containers the NAT run left (its router, its load generators)").isEmpty();
        assertThat(docker.listNetworksCmd().withFilter("label", List.of(PortexLabels.RUN + "=" + result.runId())).exec())
                .as("networks the NAT run left (the load generators' internal one)").isEmpty();
        return result;
    }

    public ScenarioResult run(Scenario scenario, Consumer<LoadGeneratorContainer> whileNamespaceExists) {
        ScenarioResult result = runner.run(scenario, whileNamespaceExists);
        assertNothingLost(result);
        return result;
    }

    /**
     * Runs {@code scenario} as {@link #run} does, its load alone: no load or container start of another test class of this
     * JVM beside it (they wait, and it waits for theirs). For a claim that holds at full speed only: the ports of a
     * client that leaks connections are all taken before Node's 5 s keep-alive timeout frees any, say.
     */
    public ScenarioResult runAlone(Scenario scenario) {
        ScenarioResult result = runner.runAlone(scenario, loadgen -> { });
        assertNothingLost(result);
        return result;
    }

    /**
     * Runs a scenario with a fault, where "nothing lost" is what is measured rather than promised: Elasticsearch may
     * lose acknowledged documents (a kill with async durability), and a kill may cut off the answer to a document
     * that was indexed. Instead of asserting both counts are zero, checks that they are what Elasticsearch's own
     * count shows: acknowledged - lost + indexed unacknowledged. The test asserts what its fault promises.
     */
    public ScenarioResult runWithFault(Scenario scenario, Consumer<LoadGeneratorContainer> whileNamespaceExists) {
        ScenarioResult r = runner.run(scenario, whileNamespaceExists);
        assertThat(r.serverSide().indexed())
                .as("the run's _count: acknowledged %d - lost %d + indexed unacknowledged %d", r.clientSide().acknowledged(),
                        r.integrity().missingAcknowledged(), r.integrity().unacknowledgedIndexed())
                .isEqualTo((long) r.clientSide().acknowledged() - r.integrity().missingAcknowledged()
                        + r.integrity().unacknowledgedIndexed());
        assertElasticsearchHolds(r, r.serverSide().indexed());
        return r;
    }

    static void assertNothingLost(ScenarioResult r) {
        if (r.againstOwnService()) {
            return; // what your own service stored is its own: the test asserts the client side
        }
        assertThat(r.integrity().missingAcknowledged())
                .as("documents the %s client saw acknowledged (HTTP 201) but Elasticsearch does not hold", r.setup().client())
                .isZero();
        assertThat(r.integrity().unacknowledgedIndexed())
                .as("documents Elasticsearch holds although the %s client never saw them acknowledged", r.setup().client())
                .isZero();
        assertThat(r.serverSide().indexed())
                .as("Elasticsearch _count for run %s must equal the acknowledged documents", r.runId())
                .isEqualTo(r.clientSide().acknowledged());
    }

    /** Elasticsearch's own count of the run's documents, read with REST Assured (waits for refresh). */
    public void assertElasticsearchHolds(ScenarioResult r, long expected) {
        String es = stack().elasticsearch().getBaseUrl();
        await("Elasticsearch to show " + expected + " documents of run " + r.runId())
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    given().post(es + "/docs/_refresh").then().statusCode(200);
                    given().contentType(ContentType.JSON)
                            .body("{\"query\":{\"term\":{\"runId\":\"" + r.runId() + "\"}}}")
                            .post(es + "/docs/_count")
                            .then().statusCode(200).body("count", equalTo((int) expected));
                });
    }
}
