package dev.portex.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.portex.internal.containers.LoadGeneratorContainer;
import dev.portex.internal.harness.ScenarioRunner;
import dev.portex.model.ClientKind;
import dev.portex.model.Durability;
import dev.portex.model.Fault;
import dev.portex.model.PortRange;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import dev.portex.model.Verdict;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.testcontainers.DockerClientFactory;

/**
 * A container killed in the middle of a run ({@code --fault}): the verdict names the fault, the run ends soon after it
 * (not at its 300 s time limit), acknowledged documents are all indexed where the durability promises it and counted
 * where it does not, and the run's own containers are gone afterwards. One run shape: 3,000 documents at 200/s (15 s
 * of load if nothing failed), the fault 3 s in. On a stack of the class's own: killing Elasticsearch, and the index's
 * durability a fault's run sets, must not reach the classes that run beside this one on the shared stack.
 */
@PortexStackTest(ownStack = true)
@DisplayName("Faults mid-run")
@Order(1) // starts first: it waits longest (see the Failsafe configuration)
class FaultsIT {
    static final int DOCS = 3000;
    static final double RATE = 200;
    static final int AT_MS = 3000;
    /**
     * The bound on a fault's run: no new document {@link ScenarioRunner#FAULT_GRACE_SECONDS} after the fault, plus the
     * longest a document already sent can wait for its answer (the load generator's 30 s response time-out).
     */
    static final long ENDS_WITHIN_MS = (ScenarioRunner.FAULT_GRACE_SECONDS + 30) * 1000L;

    static Scenario shape(ClientKind client, Fault.Kind kind) {
        return Scenario.of(client, new PortRange(42000, 42999), DOCS).withRate(RATE).withFault(new Fault(kind, AT_MS));
    }

    @Nested
    @DisplayName("Elasticsearch killed")
    class ElasticsearchKilled {
        @Test
        @DisplayName("with request durability (a fault's default), Node answers 503 from the kill on, and every document "
                + "acknowledged before it is still indexed after Elasticsearch starts again")
        void requestDurabilityLosesNothing(Incident incident) {
            Run run = Run.of(incident, incident::runWithFault, shape(ClientKind.POOLED, Fault.Kind.ES_KILL));
            ScenarioResult r = run.result;

            run.assertFaultNamedAndBounded(Fault.Kind.ES_KILL);
            assertThat(r.setup().durability()).as("the durability a fault's run gets unless told otherwise")
                    .isEqualTo(Durability.REQUEST);
            assertThat(r.clientSide().failed()).as("documents that failed after Elasticsearch was killed").isPositive();
            assertThat(r.clientSide().error().type())
                    .as("the first failure: Node's answer that Elasticsearch is unavailable, not a client-side error")
                    .isEqualTo("HTTP 503");
            assertThat(r.serverSide().serverFailed()).as("Node's 503 answers: one per failed document")
                    .isEqualTo(r.clientSide().failed());
            assertThat(r.integrity().missingAcknowledged()).as("acknowledged documents lost with request durability").isZero();
            run.assertAtMostTheDocumentsInFlightIndexedUnacknowledged();
            run.assertNothingLeftBehind();
        }

        @Test
        @DisplayName("with async durability, the acknowledged documents Elasticsearch lost are counted and named in the "
                + "verdict, the same number its own _count shows missing")
        void asyncDurabilityLossIsCounted(Incident incident, TestReporter report) {
            Run run = Run.of(incident, incident::runWithFault,
                    shape(ClientKind.POOLED, Fault.Kind.ES_KILL).withDurability(Durability.ASYNC));
            ScenarioResult r = run.result;

            run.assertFaultNamedAndBounded(Fault.Kind.ES_KILL);
            Verdict.FaultInjected verdict = (Verdict.FaultInjected) r.verdict();
            assertThat(verdict.lostAcknowledged()).as("the verdict's lost documents are the nothing-lost check's count")
                    .isEqualTo(r.integrity().missingAcknowledged());
            assertThat(verdict.durability()).as("the durability the verdict blames").isEqualTo(Durability.ASYNC);
            if (verdict.lostAcknowledged() > 0) {
                assertThat(verdict.sentence()).as("a loss is said in capitals, never hidden")
                        .contains(verdict.lostAcknowledged() + " ACKNOWLEDGED DOCUMENTS LOST (translog durability: async)");
            }
            run.assertAtMostTheDocumentsInFlightIndexedUnacknowledged();
            report.publishEntry("lost with async durability", verdict.lostAcknowledged() + " of " + r.clientSide().acknowledged()
                    + " acknowledged");
            run.assertNothingLeftBehind();
        }
    }

    @Nested
    @DisplayName("the Node server killed")
    class NodeKilled {
        @Test
        @DisplayName("the client's documents fail with connection errors, which the verdict calls the fault, not exhausted ports; "
                + "everything acknowledged is indexed, and a document indexed whose answer the kill cut off is counted")
        void connectionErrorsNamedAsTheFault(Incident incident, TestReporter report) {
            Run run = Run.of(incident, incident::runWithFault, shape(ClientKind.POOLED, Fault.Kind.NODE_KILL));
            ScenarioResult r = run.result;

            run.assertFaultNamedAndBounded(Fault.Kind.NODE_KILL);
            assertThat(r.clientSide().failed()).as("documents that failed after Node was killed").isPositive();
            assertThat(r.clientSide().errorCounts().keySet())
                    .as("every failure, by exception: connection errors towards the dead server, none of them errno 99")
                    .isNotEmpty()
                    .noneMatch(e -> e.contains("Cannot assign requested address") || e.contains("BindException"));
            assertThat(r.integrity().missingAcknowledged()).as("acknowledged documents not in Elasticsearch").isZero();
            run.assertAtMostTheDocumentsInFlightIndexedUnacknowledged();
            report.publishEntry("indexed without an acknowledgement", String.valueOf(r.integrity().unacknowledgedIndexed()));
            run.assertNothingLeftBehind();
        }
    }

    @Nested
    @DisplayName("the load generator killed")
    class LoadGeneratorKilled {
        @Test
        @DisplayName("the run ends at once; what Node acknowledged before the kill is the run's count, and all of it is indexed")
        void nodeCountsWhatWasAcknowledged(Incident incident) {
            Run run = Run.of(incident, incident::runWithFault, shape(ClientKind.PER_REQUEST, Fault.Kind.LOADGEN_KILL));
            ScenarioResult r = run.result;

            run.assertFaultNamedAndBounded(Fault.Kind.LOADGEN_KILL);
            assertThat(r.timing().stoppedBy()).as("why the load stopped").isEqualTo("fault");
            assertThat(r.clientSide().acknowledged()).as("documents Node acknowledged in the 3 s before the kill").isPositive();
            assertThat(r.clientSide().failed()).as("failed documents: a killed load generator reports none").isZero();
            assertThat(r.serverSide().indexed()).as("Elasticsearch's count of the run: Node's acknowledgements, no more, no less")
                    .isEqualTo(r.clientSide().acknowledged());
            run.assertNothingLeftBehind();
        }
    }

    /** One fault's run, with the containers that appeared while it ran. */
    record Run(ScenarioResult result, Set<String> containersOfTheRun, String network) {
        static Run of(Incident incident, RunWithAfterRun runner, Scenario scenario) {
            String network = incident.stack().network().getId();
            Set<String> before = containersOn(network);
            Set<String> during = new HashSet<>();
            ScenarioResult r = runner.run(scenario, loadgen -> {
                during.addAll(containersOn(network));
                during.removeAll(before);
            });
            return new Run(r, during, network);
        }

        void assertFaultNamedAndBounded(Fault.Kind kind) {
            assertThat(result.verdict()).as("the verdict of a run whose %s was killed", kind.victim())
                    .isInstanceOf(Verdict.FaultInjected.class);
            Verdict.FaultInjected verdict = (Verdict.FaultInjected) result.verdict();
            assertThat(verdict.fault()).as("the fault the verdict names").isEqualTo(new Fault(kind, AT_MS));
            assertThat(verdict.sentence()).as("the verdict's sentence").startsWith("FAULT: " + kind.victim() + " killed at ");
            assertThat(result.timing().faultInjectedAtMs()).as("when the kill happened, in ms of the load: not before its time")
                    .isGreaterThanOrEqualTo(AT_MS);
            assertThat(result.timing().endedAfterFaultMs())
                    .as("ms from the kill to the end of the load: bounded, not the run's own limit of %s s", Scenario.DEFAULT_MAX_SECONDS)
                    .isBetween(0L, ENDS_WITHIN_MS);
        }

        /**
         * A kill can cut off the answer to a document already indexed (Node killed after Elasticsearch answered, or
         * Elasticsearch after it wrote): at most one per client thread, the documents in flight.
         */
        void assertAtMostTheDocumentsInFlightIndexedUnacknowledged() {
            assertThat(result.integrity().unacknowledgedIndexed())
                    .as("documents indexed whose answer the fault cut off: at most the %d in flight", result.setup().concurrency())
                    .isBetween(0, result.setup().concurrency());
        }

        /** The run's own containers (its Node server, its load generator) are removed: dead or alive, none is left. */
        void assertNothingLeftBehind() {
            assertThat(containersOfTheRun).as("containers that appeared for the run (its Node, its load generator)").isNotEmpty();
            assertThat(containersOn(network)).as("containers of the run still present afterwards (docker ps -a)")
                    .doesNotContainAnyElementsOf(containersOfTheRun);
        }
    }

    @FunctionalInterface
    interface RunWithAfterRun {
        ScenarioResult run(Scenario scenario, java.util.function.Consumer<LoadGeneratorContainer> afterRun);
    }

    /** Every container (running or not) on the class's own stack's network. */
    static Set<String> containersOn(String network) {
        DockerClient docker = DockerClientFactory.instance().client();
        return docker.listContainersCmd().withShowAll(true).withNetworkFilter(List.of(network)).exec()
                .stream().map(Container::getId).collect(Collectors.toSet());
    }
}
