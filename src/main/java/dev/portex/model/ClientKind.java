package dev.portex.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/** The load generators' clients: how a document is sent, and so how many connections (and ports) it costs. */
public enum ClientKind implements CliNamed {
    /** Java, a new Apache HttpClient 5 for every document: a new connection and port each, closed by the client. */
    PER_REQUEST("per-request", Runtime.JAVA, false),
    /** Java, one pooled Apache HttpClient 5 with keep-alive: one connection per thread. */
    POOLED("pooled", Runtime.JAVA, true),
    /** Python, {@code requests.post(...)} per document: the incident's sender. */
    PYTHON_POST("python-post", Runtime.PYTHON, false),
    /** Python, one {@code requests.Session()} per worker process: the incident's fix. */
    PYTHON_SESSION("python-session", Runtime.PYTHON, true),
    /** REST Assured as most test suites use it: {@code given().body(..).post(..)}, default configuration. */
    RESTASSURED_DEFAULT("restassured-default", Runtime.JAVA, false, Group.LIBRARY),
    /** REST Assured configured to reuse one HTTP client instance. */
    RESTASSURED_REUSE("restassured-reuse", Runtime.JAVA, true, Group.LIBRARY),
    /** A new {@code java.net.http.HttpClient} for every document. */
    JDK_PER_REQUEST("jdk-per-request", Runtime.JAVA, false, Group.LIBRARY),
    /** One {@code java.net.http.HttpClient} for the whole run. */
    JDK_SHARED("jdk-shared", Runtime.JAVA, true, Group.LIBRARY),
    /** A new {@code OkHttpClient} for every document. */
    OKHTTP_PER_REQUEST("okhttp-per-request", Runtime.JAVA, false, Group.LIBRARY),
    /** One {@code OkHttpClient} for the whole run. */
    OKHTTP_SHARED("okhttp-shared", Runtime.JAVA, true, Group.LIBRARY),
    /** {@code HttpURLConnection}, the answer read to its end and closed (the JDK's keep-alive cache). */
    URLCONNECTION("urlconnection", Runtime.JAVA, true, Group.LIBRARY),
    /** {@code HttpURLConnection} whose answer is never read or closed. */
    URLCONNECTION_UNREAD("urlconnection-unread", Runtime.JAVA, false, Group.LIBRARY),
    /** One pooled Apache HttpClient 5 whose responses are never consumed or closed. */
    HTTPCLIENT5_UNCONSUMED("httpclient5-unconsumed", Runtime.JAVA, false, Group.LIBRARY),
    /**
     * Java, a new Apache HttpClient 5 per document, with a retry policy (resilience4j) that retries a failed connect
     * with an exponential back-off: production code as it often is. It rides out a range that ran out.
     */
    PER_REQUEST_RETRY("per-request-retry", Runtime.JAVA, false, Group.RETRYING),
    /** Java, the same retry policy around one pooled client: the fix, it never needs to retry. */
    POOLED_RETRY("pooled-retry", Runtime.JAVA, true, Group.RETRYING),
    /**
     * Python, a new {@code requests.Session} per document with an {@code HTTPAdapter(max_retries=Retry(connect=...,
     * backoff_factor=...))} mounted: the incident's sender as production code often has it.
     */
    PYTHON_RETRY("python-retry", Runtime.PYTHON, false, Group.RETRYING),
    /** Python, one such session per worker process: the fix, the same retries over a reused connection. */
    PYTHON_RETRY_SESSION("python-retry-session", Runtime.PYTHON, true, Group.RETRYING),
    /** Python, {@code httpx.post(...)} per document: httpx's top-level API opens a client, and a connection, per call. */
    HTTPX_POST("httpx-post", Runtime.PYTHON, false, Group.PYTHON_LIBRARY),
    /** Python, one {@code httpx.Client()} per worker process: its pool keeps the connection. */
    HTTPX_CLIENT("httpx-client", Runtime.PYTHON, true, Group.PYTHON_LIBRARY),
    /** Python, {@code async with aiohttp.ClientSession() as s: await s.post(...)} per document: a pool per session. */
    AIOHTTP_SESSION_PER_REQUEST("aiohttp-session-per-request", Runtime.PYTHON, false, Group.PYTHON_LIBRARY),
    /** Python, one {@code aiohttp.ClientSession} per worker process. */
    AIOHTTP_SESSION("aiohttp-session", Runtime.PYTHON, true, Group.PYTHON_LIBRARY),
    /**
     * Python, one {@code requests.Session} shared by the run's concurrency as threads of one process: its pool keeps at
     * most 10 idle connections ({@code pool_maxsize}), and closes each one it has no room for.
     */
    PYTHON_SESSION_THREADS("python-session-threads", Runtime.PYTHON, true, Group.PYTHON_LIBRARY),
    /** Python, the same with {@code HTTPAdapter(pool_maxsize=threads)}: room for every thread's connection. */
    PYTHON_SESSION_THREADS_POOL("python-session-threads-pool", Runtime.PYTHON, true, Group.PYTHON_LIBRARY),
    /**
     * Go, {@code http.Post(...)} per document and the response's {@code Body} never closed: net/http cannot put the
     * connection back in its pool, so each document opens a new one and holds it as long as the process lives.
     */
    GO_POST_UNCLOSED("go-post-unclosed", Runtime.GO, false, Group.GO_LIBRARY),
    /** Go, {@code defer resp.Body.Close()} but the body not read: closing an unread body closes its connection. */
    GO_POST_UNREAD("go-post-unread", Runtime.GO, false, Group.GO_LIBRARY),
    /** Go, the fix: the body read to its end ({@code io.Copy(io.Discard, resp.Body)}) and closed: one keep-alive connection. */
    GO_POST("go-post", Runtime.GO, true, Group.GO_LIBRARY),
    /**
     * Go, one {@code http.Client} on the default transport shared by the run's concurrency as goroutines: its pool keeps
     * at most {@code MaxIdleConnsPerHost} (2) idle connections per host, and closes each one it has no room for.
     */
    GO_SHARED_DEFAULT("go-shared-default", Runtime.GO, true, Group.GO_LIBRARY),
    /** Go, the same with a {@code Transport} whose {@code MaxIdleConnsPerHost} is the concurrency: room for every goroutine's connection. */
    GO_SHARED_IDLE("go-shared-idle", Runtime.GO, true, Group.GO_LIBRARY),
    /**
     * Node.js 24, the global {@code fetch} (Node's bundled undici) as it comes, the answer read: undici's default
     * dispatcher keeps the connection alive.
     */
    NODE_FETCH("node-fetch", Runtime.NODE, true, Group.NODE_LIBRARY),
    /**
     * Node.js 24, {@code fetch} with a dispatcher (undici's {@code Agent}) that sends every request with {@code reset:
     * true}: a new connection per document, closed by the client after the answer.
     */
    NODE_FETCH_RESET("node-fetch-reset", Runtime.NODE, false, Group.NODE_LIBRARY),
    /** Node.js 24, {@code axios.post(...)} with axios's defaults: Node's global agent keeps connections alive since Node 19. */
    NODE_AXIOS("node-axios", Runtime.NODE, true, Group.NODE_LIBRARY),
    /** Node.js 18, the same {@code axios.post(...)}: Node 18's global agent does not keep connections alive. */
    NODE18_AXIOS("node18-axios", Runtime.NODE_18, false, Group.NODE_LIBRARY),
    /** Node.js 18, axios with {@code httpAgent: new http.Agent({keepAlive: true})}: the fix on Node 18. */
    NODE18_AXIOS_KEEPALIVE("node18-axios-keepalive", Runtime.NODE_18, true, Group.NODE_LIBRARY),
    /**
     * Java, over HTTPS only ({@code --tls}): one {@code OkHttpClient}, and per document a client derived from it with
     * {@code newBuilder().sslSocketFactory(...)} and a factory made for that call: a new {@code Address} each time, so
     * the shared pool never reuses.
     */
    OKHTTP_TLS_FACTORY_PER_CALL("okhttp-tls-factory-per-call", Runtime.JAVA, false, Group.TLS),
    /** Java, over HTTPS only: the same, the factory made once: one connection. */
    OKHTTP_TLS_FACTORY_ONCE("okhttp-tls-factory-once", Runtime.JAVA, true, Group.TLS),
    /**
     * Java, over HTTPS only: one pooled Apache HttpClient 5 presenting a client certificate, a new
     * {@code HttpClientContext} per request: the connection's state is the TLS client principal, which a new context
     * does not carry, so no request is handed the pooled connection.
     */
    HTTPCLIENT5_MTLS_CONTEXT_PER_REQUEST("httpclient5-mtls-context-per-request", Runtime.JAVA, false, Group.TLS),
    /** Java, over HTTPS only: the same with one context for every request: one connection. */
    HTTPCLIENT5_MTLS_ONE_CONTEXT("httpclient5-mtls-one-context", Runtime.JAVA, true, Group.TLS),
    /**
     * Your own {@code dev.portex.api.DocumentSender}, run on your test classpath in the Java image (the JUnit API);
     * whether it reuses connections is what the run finds out.
     */
    SENDER("sender", Runtime.JAVA, false),
    /** Any command line, run once per document in the Python image (which has curl and wget): {@code --client-command}. */
    COMMAND("command", Runtime.PYTHON, false),
    /** A user's own image, run once as the whole load generator in the narrowed namespace: {@code --client-image}. */
    IMAGE("image", Runtime.PYTHON, false);

    /** Which load-generator image runs the client: Node.js comes as two images, Node.js 24 and Node.js 18. */
    public enum Runtime { JAVA, PYTHON, GO, NODE, NODE_18;

        /** The Node.js major of a Node.js load generator ("24" or "18"); null for the others. */
        public String nodeMajor() {
            return this == NODE ? "24" : this == NODE_18 ? "18" : null;
        }
    }

    /**
     * The incident's four clients (what compare and bench run), the HTTP clients Java teams ship (compare
     * --java-clients), clients that retry a failed connect, the Python clients teams send from beside {@code requests}
     * (compare --python-clients), the Go clients (net/http, compare --go-clients), the Node.js clients (fetch and axios,
     * compare --node-clients), the reuse traps only HTTPS shows ({@code --tls}), and the user's own programs.
     */
    public enum Group { INCIDENT, LIBRARY, RETRYING, PYTHON_LIBRARY, GO_LIBRARY, NODE_LIBRARY, TLS, YOURS }

    private final String cliName;
    private final Runtime runtime;
    private final boolean reusesConnections;
    private final Group group;

    ClientKind(String cliName, Runtime runtime, boolean reusesConnections) {
        this(cliName, runtime, reusesConnections, null);
    }

    ClientKind(String cliName, Runtime runtime, boolean reusesConnections, Group group) {
        this.cliName = cliName;
        this.runtime = runtime;
        this.reusesConnections = reusesConnections;
        this.group = group != null ? group : cliName.equals("sender") || cliName.equals("command") || cliName.equals("image")
                ? Group.YOURS : Group.INCIDENT;
    }

    public Group group() {
        return group;
    }

    /** The clients of {@code group}, in declaration order. */
    public static List<ClientKind> inGroup(Group group) {
        return Arrays.stream(values()).filter(c -> c.group == group).toList();
    }

    /** The incident's own four clients: what compare and bench run. */
    public static List<ClientKind> incident() {
        return inGroup(Group.INCIDENT);
    }

    /** The clients that retry a failed connect, each beside its fix: what compare --retrying-clients runs. */
    public static List<ClientKind> retrying() {
        return inGroup(Group.RETRYING);
    }

    /** The Python clients beside {@code requests}, in the order of compare --python-clients and of docs/clients.md. */
    public static List<ClientKind> pythonLibraries() {
        return inGroup(Group.PYTHON_LIBRARY);
    }

    /** The Go clients (net/http, as commonly written and beside each fix), in the order of compare --go-clients and of docs/clients.md. */
    public static List<ClientKind> goLibraries() {
        return inGroup(Group.GO_LIBRARY);
    }

    /** The Node.js clients (fetch, axios; on Node.js 24 and 18), in the order of compare --node-clients and of docs/clients.md. */
    public static List<ClientKind> nodeLibraries() {
        return inGroup(Group.NODE_LIBRARY);
    }

    /** The HTTP clients Java teams ship, in the order of compare --java-clients and of the table in docs/clients.md. */
    public static List<ClientKind> libraries() {
        return inGroup(Group.LIBRARY);
    }

    @Override
    @JsonValue
    public String cliName() {
        return cliName;
    }

    public Runtime runtime() {
        return runtime;
    }

    /**
     * The Python library a built-in Python client sends with ({@code requests}, {@code httpx} or {@code aiohttp}), whose
     * version its results name; null for the Java clients and for the user's own programs.
     */
    public String pythonLibrary() {
        return switch (this) {
            case PYTHON_POST, PYTHON_SESSION, PYTHON_RETRY, PYTHON_RETRY_SESSION, PYTHON_SESSION_THREADS,
                 PYTHON_SESSION_THREADS_POOL -> "requests";
            case HTTPX_POST, HTTPX_CLIENT -> "httpx";
            case AIOHTTP_SESSION_PER_REQUEST, AIOHTTP_SESSION -> "aiohttp";
            case PER_REQUEST, POOLED, RESTASSURED_DEFAULT, RESTASSURED_REUSE, JDK_PER_REQUEST, JDK_SHARED, OKHTTP_PER_REQUEST,
                 OKHTTP_SHARED, URLCONNECTION, URLCONNECTION_UNREAD, HTTPCLIENT5_UNCONSUMED, PER_REQUEST_RETRY, POOLED_RETRY,
                 GO_POST_UNCLOSED, GO_POST_UNREAD, GO_POST, GO_SHARED_DEFAULT, GO_SHARED_IDLE, NODE_FETCH, NODE_FETCH_RESET,
                 NODE_AXIOS, NODE18_AXIOS, NODE18_AXIOS_KEEPALIVE, OKHTTP_TLS_FACTORY_PER_CALL, OKHTTP_TLS_FACTORY_ONCE,
                 HTTPCLIENT5_MTLS_CONTEXT_PER_REQUEST, HTTPCLIENT5_MTLS_ONE_CONTEXT, SENDER, COMMAND, IMAGE -> null;
        };
    }

    /**
     * The npm library a Node.js client sends with ({@code undici}, whose {@code fetch} Node.js bundles, or {@code axios}),
     * whose version its results name; null for the others.
     */
    public String nodeLibrary() {
        return switch (this) {
            case NODE_FETCH, NODE_FETCH_RESET -> "undici";
            case NODE_AXIOS, NODE18_AXIOS, NODE18_AXIOS_KEEPALIVE -> "axios";
            case PER_REQUEST, POOLED, PYTHON_POST, PYTHON_SESSION, RESTASSURED_DEFAULT, RESTASSURED_REUSE, JDK_PER_REQUEST,
                 JDK_SHARED, OKHTTP_PER_REQUEST, OKHTTP_SHARED, URLCONNECTION, URLCONNECTION_UNREAD, HTTPCLIENT5_UNCONSUMED,
                 PER_REQUEST_RETRY, POOLED_RETRY, PYTHON_RETRY, PYTHON_RETRY_SESSION, HTTPX_POST, HTTPX_CLIENT,
                 AIOHTTP_SESSION_PER_REQUEST, AIOHTTP_SESSION, PYTHON_SESSION_THREADS, PYTHON_SESSION_THREADS_POOL,
                 GO_POST_UNCLOSED, GO_POST_UNREAD, GO_POST, GO_SHARED_DEFAULT, GO_SHARED_IDLE, OKHTTP_TLS_FACTORY_PER_CALL,
                 OKHTTP_TLS_FACTORY_ONCE, HTTPCLIENT5_MTLS_CONTEXT_PER_REQUEST, HTTPCLIENT5_MTLS_ONE_CONTEXT, SENDER, COMMAND,
                 IMAGE -> null;
        };
    }

    /**
     * The name the client's load generator knows it by: the Node.js one runs the same clients on 24 and on 18, so
     * {@code node18-axios} is its {@code node-axios} on the Node.js 18 image.
     */
    public String loadgenName() {
        return runtime == Runtime.NODE_18 ? "node-" + cliName.substring("node18-".length()) : cliName;
    }

    /** True when the client keeps connections alive, so its ports in use stay at its connection count. */
    public boolean reusesConnections() {
        return reusesConnections;
    }

    /** False for {@link #SENDER}, {@link #COMMAND} and {@link #IMAGE}: those run the user's own program. */
    public boolean builtIn() {
        return group != Group.YOURS;
    }

    /** portex's own clients (the incident's and the libraries), in declaration order. */
    public static List<ClientKind> builtIns() {
        return Arrays.stream(values()).filter(ClientKind::builtIn).toList();
    }

    /** The incident's clients of one runtime, in declaration order. */
    public static List<ClientKind> of(Runtime runtime) {
        return incident().stream().filter(c -> c.runtime == runtime).toList();
    }

    /** @throws IllegalArgumentException naming every client, for an unknown name */
    @JsonCreator
    public static ClientKind byName(String name) {
        return CliNamed.byName(ClientKind.class, name, "client", "--client");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
