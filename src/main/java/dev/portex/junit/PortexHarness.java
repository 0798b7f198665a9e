package dev.portex.junit;

import dev.portex.api.DocumentSender;
import dev.portex.internal.harness.ScenarioRunner;
import dev.portex.internal.harness.SenderCheck;
import dev.portex.model.InvalidScenarioException;
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
         * @throws IllegalArgumentException naming this call, for an odd size, a range outside 1024-65535, one of a single
         *         port, or one that holds Node's port 8080, with a range that is accepted
         */
        public SenderRun onPorts(int low, int high) {
            String call = "onPorts(" + low + ", " + high + ")";
            PortRange range;
            try {
                range = new PortRange(low, high);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(call + ": " + e.getMessage() + "; e.g. onPorts(41000, 41099)", e);
            }
            if (range.size() % 2 != 0) {
                throw new IllegalArgumentException(call + " holds " + range.size() + " ports, an odd "
                        + "number: the kernel then can miss the last free port, so counts are not exact; use an even size, "
                        + "e.g. onPorts(" + low + ", " + (high + 1) + ")");
            }
            return set(() -> scenario.withPortRange(range), "onPorts", low + ", " + high, "41000, 41099");
        }

        /**
         * How many documents to send (default 300).
         *
         * @throws InvalidScenarioException for fewer than 1, e.g. {@code documents(0): the documents to send must be a
         *         whole number >= 1; e.g. documents(300)}
         */
        public SenderRun documents(int docs) {
            return set(() -> scenario.withDocs(docs), "documents", null, null);
        }

        /**
         * Threads sending at once, sharing your one sender instance (default 1).
         *
         * @throws InvalidScenarioException for fewer than 1
         */
        public SenderRun concurrency(int threads) {
            return set(() -> scenario.withConcurrency(threads), "concurrency", null, null);
        }

        /**
         * Documents per second; 0, the default, is as fast as possible.
         *
         * @throws InvalidScenarioException for a negative rate, or one that is not a number
         */
        public SenderRun rate(double docsPerSecond) {
            return set(() -> scenario.withRate(docsPerSecond), "rate", null, null);
        }

        /**
         * Hard time limit of the run (default 300 s).
         *
         * @throws InvalidScenarioException for less than 1 s
         */
        public SenderRun maxSeconds(int seconds) {
            return set(() -> scenario.withMaxSeconds(seconds), "maxSeconds", null, null);
        }

        /** The set-up with {@code change} made; a refused value is named as this set-up's own {@code method}. */
        private SenderRun set(java.util.function.Supplier<Scenario> change, String method, String value, String example) {
            try {
                return new SenderRun(change.get());
            } catch (InvalidScenarioException e) {
                throw e.calledAs(method, value, example);
            }
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
