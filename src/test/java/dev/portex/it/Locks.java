package dev.portex.it;

/**
 * What some ITs need to themselves while the others run in parallel ({@code @ResourceLock}; JUnit's parallel execution
 * is on for the ITs, see the Failsafe configuration in pom.xml). Everything else is isolated by construction: each run
 * has its own load-generator namespace, reads Node's counters for its own address and Elasticsearch's connections of its
 * own Node, counts its documents by its run id, each test class's containers carry its runner's label, and a
 * {@code ./portex} process a test starts is told apart by the session name it is given ({@code PORTEX_SESSION}).
 */
final class Locks {
    /** The warm stack ({@code ./portex up}) and the resident JVM beside it: one per Docker engine. */
    static final String WARM_STACK = "dev.portex.warm-stack";

    private Locks() {
    }
}
