package dev.portex.cli;

/** The text of {@code ./portex help}. */
final class Help {
    static final String TEXT = """
            portex: client-side ephemeral port exhaustion (errno 99, "Cannot assign requested address"),
            reproduced on a real Node/Express + Elasticsearch stack in Docker.

            Usage: ./portex [command] [options]

            Commands:
              compare   (default) every client on the same port range, side by side
              run       one scenario; a readable summary, or one JSON object with --json
              budget    the port-budget arithmetic: when does a rate exhaust a range (no containers)
              bench     end-to-end docs/s of every client, median of --repetitions runs, and memory
              replay-incident  the incident at its own scale: 32768-60999, 800 docs/s, 360,000 documents,
                        per-request then pooled (about 8 minutes each)
              setup     prepare this host: Docker engine, base image (idempotent)
              clean     remove containers and networks left behind by a crashed run
              help      this text

            Options:
              --client NAME             per-request | pooled | python-post | python-session (run; default per-request),
                                        or a Java library client: restassured-default | restassured-reuse | jdk-per-request
                                        | jdk-shared | okhttp-per-request | okhttp-shared | urlconnection
                                        | urlconnection-unread | httpclient5-unconsumed
              --docs N                  documents to send (default 300)
              --rate R                  documents per second, 0 = as fast as possible (default 0)
              --concurrency C           client threads / processes (default 1)
              --port-range LOW-HIGH     the load generator's ephemeral port range (default 40000-40136: 137 ports)
              --es-client MODE          how Node talks to Elasticsearch: pooled | per-request | agent-false (default pooled)
              --server-port-range L-H   also narrow Node's own ephemeral port range
              --targets K               spread documents over K Node ports (the limit holds per destination)
              --max-seconds S           hard time limit of one run (default 300)
              --tw-reuse 0|1|2          the load generator's net.ipv4.tcp_tw_reuse (default 0)
              --mitigation NAME         none | so-linger-zero | server-closes-first (Java clients)
              --await-recovery          after exhaustion, retry until a connection succeeds (at most 120 s)
              --matrix                  compare: the Java clients x Elasticsearch client modes instead
              --java-clients            compare: the Java library clients above instead, on the same range
              --repetitions N           bench: measured runs per client (default 3)
              --json                    print JSON on stdout (progress goes to stderr)

            Exit codes: 0 the scenario ran (an expected failure is a result), 2 bad options,
            3 no Docker engine, 1 anything else.
            """;

    private Help() {
    }
}
