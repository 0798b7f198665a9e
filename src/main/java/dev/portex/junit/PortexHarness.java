package dev.portex.junit;

import dev.portex.api.DocumentSender;
import dev.portex.internal.harness.ScenarioRunner;
import dev.portex.internal.harness.SenderCheck;
import dev.portex.model.PortRange;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;

/**
 * A test's handle on the stack: runs senders (yours, or portex's own clients through {@link #run(Scenario)}) and
 * returns the same {@link ScenarioResult} that {@code ./portex run --json} prints.
 */
public final class PortexHarness {
    /** 100 ports: an even size, so the port count is exact (see docs/concepts.md, "Open observations"). */
    public static final PortRange DEFAULT_RANGE = new PortRange(41000, 41099);

    private final ScenarioRunner runner;

    PortexHarness(ScenarioRunner runner) {
        this.runner = runner;
    }

    /** Your {@link DocumentSender}, run from the test classpath inside a narrowed namespace; set it up, then {@link SenderRun#run()}. */
    public SenderRun sender(Class<? extends DocumentSender> type) {
        return new SenderRun(Scenario.ofProgram(SenderCheck.of(type), DEFAULT_RANGE, 300));
    }

    /** Runs any scenario (portex's own clients too). */
    public ScenarioResult run(Scenario scenario) {
        return runner.run(scenario);
    }

    /** One run of a sender, set up fluently; each setter returns a new set-up. */
    public final class SenderRun {
        private final Scenario scenario;

        private SenderRun(Scenario scenario) {
            this.scenario = scenario;
        }

        /**
         * The load generator's ephemeral range, inclusive, of an even size (default 41000-41099): the kernel scans an
         * even number of ports per connect(), so on an odd-sized range the last free port can be missed and the
         * count is not exact.
         *
         * @throws IllegalArgumentException for an odd size, a range below 1024 or one that holds Node's port 8080
         */
        public SenderRun onPorts(int low, int high) {
            PortRange range = new PortRange(low, high);
            if (range.size() % 2 != 0) {
                throw new IllegalArgumentException("onPorts(" + low + ", " + high + ") holds " + range.size() + " ports, an odd "
                        + "number: the kernel then can miss the last free port, so counts are not exact; use an even size, "
                        + "e.g. onPorts(" + low + ", " + (high + 1) + ")");
            }
            return new SenderRun(scenario.withPortRange(range));
        }

        /** How many documents to send (default 300). */
        public SenderRun documents(int docs) {
            return new SenderRun(scenario.withDocs(docs));
        }

        /** Threads sending at once, sharing your one sender instance (default 1). */
        public SenderRun concurrency(int threads) {
            return new SenderRun(scenario.withConcurrency(threads));
        }

        /** Documents per second; 0, the default, is as fast as possible. */
        public SenderRun rate(double docsPerSecond) {
            return new SenderRun(scenario.withRate(docsPerSecond));
        }

        /** Hard time limit of the run (default 300 s). */
        public SenderRun maxSeconds(int seconds) {
            return new SenderRun(scenario.withMaxSeconds(seconds));
        }

        public Scenario scenario() {
            return scenario;
        }

        /** Runs it: a fresh namespace, your sender on your classpath, every document checked in Elasticsearch. */
        public ScenarioResult run() {
            return runner.run(scenario);
        }
    }
}
