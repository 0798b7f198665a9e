#!/usr/bin/env python3
"""portex load generator in Python: the incident's own sender.

Shaped like the program of the incident: C worker processes (multiprocessing), each sending
its share of N JSON documents over HTTP with `requests`, either

  python-post     requests.post(url, json=doc) per document: a new connection (and a new
                  ephemeral port, left in TIME_WAIT for 60 s) per document, as in the incident;
  python-session  one requests.Session() per worker process: keep-alive, the incident's fix.
  python-retry    the incident's sender as production code often has it: per document a new
                  requests.Session with an HTTPAdapter(max_retries=Retry(connect=..., backoff_factor=...))
                  mounted (the well-known "requests_retry_session()" helper, called per request);
  python-retry-session  one such session per worker process: the same retries over a reused connection.

and the Python clients teams send from beside `requests`, each as commonly written and beside its fix:

  httpx-post      httpx.post(url, json=doc) per document: httpx's top-level API opens a Client, and a
                  connection, for every call (its docs say so) and closes it;
  httpx-client    one httpx.Client() per worker process: its pool keeps the connection alive;
  aiohttp-session-per-request  `async with aiohttp.ClientSession() as s: await s.post(...)` per document:
                  each session has a connector (a pool) of its own, closed with it;
  aiohttp-session one aiohttp.ClientSession per worker process (on one event loop): one connection.
  python-session-threads  one requests.Session shared by --concurrency threads of one process, as a threaded
                  service shares it: its pool keeps at most pool_maxsize (10 by default) idle connections, and
                  urllib3 closes each one it has no room for ("Connection pool is full, discarding connection");
  python-session-threads-pool  the same with HTTPAdapter(pool_maxsize=threads) mounted: room for every thread's.

`requests` defaults otherwise: no `Connection: close`, no socket options, no retries added to the
first two.

Takes the same options as the Java load generator (parsed with argparse; --help lists them)
and prints the same single JSON line on stdout (everything else goes to stderr):

  python3 loadgen.py --client python-post|python-session|python-retry|python-retry-session|httpx-post|...
                     --target URL[,URL...]
                     [--docs N] [--rate R] [--concurrency C] [--run-id ID]
                     [--max-seconds S] [--sample-ms MS]

Each progress sample also counts the sockets of the generator's network namespace in TIME_WAIT
and ESTABLISHED, read by the parent process from /proc/net/tcp and /proc/net/tcp6 (-1 when
they cannot be read), as the Java generator does.

Exit codes: 0 when the run completed (failed documents are results, not errors),
2 for bad options (one line on stderr naming the problem and the fix), 1 when the
generator itself broke.
"""

import argparse
import json
import multiprocessing
import queue
import re
import sys
import time
import traceback
import uuid
from urllib.parse import urlsplit

CLIENTS = ("python-post", "python-session", "python-retry", "python-retry-session",
           "httpx-post", "httpx-client", "aiohttp-session-per-request", "aiohttp-session",
           "python-session-threads", "python-session-threads-pool")
# Clients whose --concurrency is threads of one process sharing one client, not processes of a client each.
THREADED_CLIENTS = ("python-session-threads", "python-session-threads-pool")
# The retrying clients' urllib3 Retry: a failed connect (the request never left: a POST may be sent again) is retried
# up to RETRY_CONNECT times, waiting 0, 2, 4, 8, 16, 32, 64 s... (urllib3 2: backoff_factor * 2 ** (retry - 1), the first
# retry at once, at most 120 s): after six retries 62 s have passed, past a port's 60 s in TIME_WAIT.
RETRY_CONNECT = 10
RETRY_BACKOFF_FACTOR = 1.0
OPTIONS = ("--client", "--docs", "--rate", "--concurrency", "--target", "--run-id",
           "--max-seconds", "--sample-ms")
REQUEST_TIMEOUT_SECONDS = 10
# connect() may take this long (as the Java generator's): behind a full NAT a connect times out, and the run stays short.
CONNECT_TIMEOUT_SECONDS = 3
MAX_MESSAGE_CHARS = 500
MAX_WHOLE_NUMBER = 2**31 - 1  # as the Java generator (an int)
# The sockets of this network namespace, read by the parent at each sample (as the Java generator does).
PROC_NET_TCP_FILES = ("/proc/net/tcp", "/proc/net/tcp6")
TCP_ESTABLISHED = 0x01
TCP_TIME_WAIT = 0x06
# How long past --max-seconds the parent waits for a worker before giving up on it:
# a request started just before the limit may take up to the (connect + read) timeout.
WORKER_GRACE_SECONDS = 2 * REQUEST_TIMEOUT_SECONDS + 10


class UsageError(Exception):
    """A bad option; the message names the problem and the fix."""


class Options:
    def __init__(self, client, docs, rate, concurrency, targets, run_id, max_seconds, sample_ms):
        self.client = client
        self.docs = docs
        self.rate = rate
        self.concurrency = concurrency
        self.targets = targets
        self.run_id = run_id
        self.max_seconds = max_seconds
        self.sample_ms = sample_ms

    def __repr__(self):
        return "Options(%r)" % self.__dict__


# ---------------------------------------------------------------------------------------------
# Pure helpers (unit-tested in test_loadgen.py)
# ---------------------------------------------------------------------------------------------

def _example(flag):
    return {"--client": "python-post", "--target": "http://ingest-node:8080/docs",
            "--rate": "800", "--run-id": "run-1"}.get(flag, "100")


def whole_number(flag, value, minimum):
    text = value.strip()
    if re.fullmatch(r"[+-]?[0-9]+", text):
        n = int(text)
        if minimum <= n <= MAX_WHOLE_NUMBER:
            return n
    raise UsageError("%s must be a whole number >= %d, got '%s'" % (flag, minimum, value))


def decimal(flag, value):
    try:
        d = float(value.strip())
    except ValueError:
        d = None
    if d is not None and d >= 0 and d != float("inf"):  # NaN fails d >= 0
        return d
    raise UsageError("%s must be a number >= 0 (0 = as fast as possible), got '%s'" % (flag, value))


def targets_of(value):
    targets = []
    for part in value.split(","):
        url = part.strip()
        try:
            parts = urlsplit(url)
            ok = parts.scheme in ("http", "https") and bool(parts.hostname)
            parts.port  # raises ValueError for a bad port
        except ValueError:
            ok = False
        if not ok:
            raise UsageError("--target must be http or https URLs separated by commas, e.g. "
                             "http://ingest-node:8080/docs, got '%s'" % part)
        targets.append(url)
    return targets


def client_name(value):
    if value not in CLIENTS:
        raise UsageError("--client must be one of %s, got '%s'" % (", ".join(CLIENTS), value))
    return value


class _ArgumentParser(argparse.ArgumentParser):
    """argparse, with the load generator's one-line messages: every error raises UsageError."""

    def error(self, message):
        missing = re.fullmatch(r"argument (--[a-z-]+): expected one argument", message)
        if missing:
            flag = missing.group(1)
            raise UsageError("%s needs a value, e.g. %s %s" % (flag, flag, _example(flag)))
        raise UsageError(message)


def _parser():
    # Each type function raises UsageError itself (argparse only catches ValueError, TypeError and
    # ArgumentTypeError), so its message reaches the user as it is, without argparse's prefix.
    parser = _ArgumentParser(
        prog="loadgen.py", allow_abbrev=False,
        description="portex load generator in Python: the incident's own sender (requests.post vs "
                    "requests.Session). Prints one JSON line on stdout; exit code 2 for bad options.")
    parser.add_argument("--client", type=client_name, metavar="|".join(CLIENTS),
                        help="required: requests.post per document, or one requests.Session per worker")
    parser.add_argument("--target", type=targets_of, metavar="URL[,URL...]",
                        help="required: document n goes to URL[(n-1) %% K]")
    parser.add_argument("--docs", type=lambda v: whole_number("--docs", v, 1), default=100, metavar="N",
                        help="documents 1..N (default 100)")
    parser.add_argument("--rate", type=lambda v: decimal("--rate", v), default=0.0, metavar="R",
                        help="documents per second in total, 0 = as fast as possible (default 0)")
    parser.add_argument("--concurrency", type=lambda v: whole_number("--concurrency", v, 1), default=1,
                        metavar="C", help="worker processes (default 1)")
    parser.add_argument("--run-id", metavar="ID", help="copied into each document (default: a random UUID)")
    parser.add_argument("--max-seconds", type=lambda v: whole_number("--max-seconds", v, 1), default=300,
                        metavar="S", help="hard time limit (default 300)")
    parser.add_argument("--sample-ms", type=lambda v: whole_number("--sample-ms", v, 10), default=200,
                        metavar="MS", help="interval of progress samples (default 200, >= 10)")
    return parser


def parse_args(argv):
    """Parses the options (same names, defaults and limits as the Java load generator)."""
    parsed, extra = _parser().parse_known_args(argv)
    if extra:
        word = extra[0]
        if word.startswith("--"):
            raise UsageError("unknown option %s: known are %s" % (word.split("=", 1)[0], " ".join(OPTIONS)))
        raise UsageError("unexpected argument '%s': options look like --docs 100" % word)
    if parsed.client is None:
        raise UsageError("--client must be one of %s" % ", ".join(CLIENTS))
    if parsed.target is None:
        raise UsageError("--target is required, e.g. --target http://ingest-node:8080/docs")
    run_id = parsed.run_id if parsed.run_id is not None else str(uuid.uuid4())
    return Options(parsed.client, parsed.docs, parsed.rate, parsed.concurrency, parsed.target, run_id,
                   parsed.max_seconds, parsed.sample_ms)


def seqs_for_worker(worker, concurrency, docs):
    """Worker w (0-based) of C sends seq w+1, w+1+C, w+1+2C, ... <= docs, in order."""
    return range(worker + 1, docs + 1, concurrency)


def target_for(seq, targets):
    """Document seq n goes to targets[(n-1) % K]."""
    return targets[(seq - 1) % len(targets)]


def due_offset(seq, rate):
    """Seconds after the start at which document seq is due (global schedule); 0 = at once."""
    return (seq - 1) / rate if rate > 0 else 0.0


def document(run_id, seq, client, docs):
    return {"runId": run_id, "seq": seq, "client": client, "message": "document %d of %d" % (seq, docs)}


def merge_ranges(seqs):
    """Sorted, merged, inclusive ranges: {1,2,3,7} -> [[1,3],[7,7]]."""
    ranges = []
    for s in sorted(set(seqs)):
        if ranges and s == ranges[-1][1] + 1:
            ranges[-1][1] = s
        else:
            ranges.append([s, s])
    return ranges


def error_type(exc):
    """Module-qualified class name, e.g. requests.exceptions.ConnectionError (builtins bare: OSError)."""
    cls = type(exc)
    if cls.__module__ == "builtins":
        return cls.__qualname__
    return "%s.%s" % (cls.__module__, cls.__qualname__)


def failure_of_exception(exc):
    return {"type": error_type(exc), "message": str(exc)}


def failure_of_response(status, text):
    return {"type": "HTTP %d" % status, "message": (text or "")[:MAX_MESSAGE_CHARS]}


def docs_per_second(acknowledged, duration_seconds):
    if duration_seconds <= 0:
        return 0.0
    return round(acknowledged / duration_seconds, 1)


def tcp_state_counts(texts):
    """(TIME_WAIT, ESTABLISHED) socket counts in texts of /proc/net/tcp and /proc/net/tcp6.

    Each text is a table: a header line (`sl local_address rem_address st ...`), then one line per
    socket, `SL: LOCALIP:PORT REMOTEIP:PORT ST ...`, the state ST in hex (06 TIME_WAIT,
    01 ESTABLISHED). Blank lines, CRLF and a repeated header are accepted; any other line raises
    ValueError naming it.
    """
    time_wait = established = 0
    for text in texts:
        for number, line in enumerate(text.splitlines(), 1):
            fields = line.split()
            if not fields or fields[0] == "sl":
                continue
            if (len(fields) < 4 or not re.fullmatch(r"[0-9]+:", fields[0])
                    or not re.fullmatch(r"[0-9A-Fa-f]{1,2}", fields[3])):
                raise ValueError("not a /proc/net/tcp line (line %d): %r" % (number, line[:120]))
            state = int(fields[3], 16)
            if state == TCP_TIME_WAIT:
                time_wait += 1
            elif state == TCP_ESTABLISHED:
                established += 1
    return time_wait, established


PROGRESS_PREFIX = "portex-progress "


def read_tcp_state_counts(paths=PROC_NET_TCP_FILES):
    """(TIME_WAIT, ESTABLISHED) of this process's network namespace.

    (-1, -1) if a file cannot be read or parsed, as the Java generator reports unknown counts.
    """
    try:
        texts = []
        for path in paths:
            with open(path, encoding="ascii") as f:
                texts.append(f.read())
        return tcp_state_counts(texts)
    except (OSError, ValueError):  # not Linux, no /proc, or not a table (UnicodeDecodeError is a ValueError)
        return -1, -1


def result_json(options, acknowledged_seqs, failed, first_failure, duration_seconds,
                time_limited, samples, acknowledged_before_first_failure=None, retries=None):
    """The one JSON line, with the keys (and key order) of the Java generator's LoadResult."""
    acknowledged = len(acknowledged_seqs)
    result = {
        "client": options.client,
        "docs": options.docs,
        "concurrency": options.concurrency,
        "rate": float(options.rate),
        "attempted": acknowledged + failed,
        "acknowledged": acknowledged,
        "failed": failed,
        "firstFailureAt": first_failure[0] if first_failure else None,
        "error": first_failure[1] if first_failure else None,
        # documents acknowledged that were sent before any failure: what the range held (several
        # workers finish out of order, so firstFailureAt alone can be lower)
        "acknowledgedBeforeFirstFailure": acknowledged_before_first_failure if first_failure else None,
        "acknowledgedSeqs": merge_ranges(acknowledged_seqs),
        "durationMs": int(duration_seconds * 1000),
        "docsPerSecond": docs_per_second(acknowledged, duration_seconds),
        "stoppedBy": "time-limit" if time_limited else "completed",
        "samples": [{"tMs": t, "acknowledged": a, "failed": f, "timeWait": tw, "established": est}
                    for (t, a, f, tw, est) in samples],
    }
    if retries is not None:
        result["retries"] = retries  # connects the retrying clients tried again
    return json.dumps(result, separators=(",", ":"))


def retry_session():
    """A requests.Session whose adapter retries a failed connect with an exponential back-off (see RETRY_CONNECT)."""
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=Retry(total=RETRY_CONNECT, connect=RETRY_CONNECT, read=0, status=0, other=0,
                                            backoff_factor=RETRY_BACKOFF_FACTOR))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class Answer:
    """What the worker reads of an answer, whatever the library: its status and text."""

    def __init__(self, status_code, text):
        self.status_code = status_code
        self.text = text


class HttpxClient:
    """httpx as it is written: the top-level httpx.post per document, or one httpx.Client for the whole run."""

    def __init__(self, per_request):
        import httpx
        self.client = None if per_request else httpx.Client()

    def post(self, url, json, timeout):
        import httpx
        connect, read = timeout  # the worker's (connect, read) pair, as requests takes it
        timeouts = httpx.Timeout(read, connect=connect)
        if self.client is None:
            return httpx.post(url, json=json, timeout=timeouts)
        return self.client.post(url, json=json, timeout=timeouts)

    def close(self):
        if self.client is not None:
            self.client.close()


class AiohttpClient:
    """aiohttp, driven from a worker's plain loop: one event loop per worker, and either one ClientSession for
    the whole run or a new one (with its own connector) per document."""

    def __init__(self, per_request):
        import asyncio
        self.loop = asyncio.new_event_loop()
        self.per_request = per_request
        self.session = None if per_request else self.loop.run_until_complete(self._new_session())

    @staticmethod
    async def _new_session():
        import aiohttp
        return aiohttp.ClientSession()

    async def _post(self, session, url, json, timeout):
        import aiohttp
        connect, read = timeout  # the worker's (connect, read) pair, as requests takes it
        async with session.post(url, json=json, timeout=aiohttp.ClientTimeout(sock_connect=connect, sock_read=read)) as response:
            return Answer(response.status, await response.text())

    async def _post_in_a_new_session(self, url, json, timeout):
        import aiohttp
        async with aiohttp.ClientSession() as session:
            return await self._post(session, url, json, timeout)

    def post(self, url, json, timeout):
        if self.per_request:
            return self.loop.run_until_complete(self._post_in_a_new_session(url, json, timeout))
        return self.loop.run_until_complete(self._post(self.session, url, json, timeout))

    def close(self):
        if self.session is not None:
            self.loop.run_until_complete(self.session.close())
        self.loop.close()


def library_client(client, threads=1):
    """The object whose post(url, json=, timeout=) sends one document with `client`, and whose close() ends it (for
    httpx-post and aiohttp-session-per-request, an object that makes a client per document); None for the requests
    clients that post with a session of their own per document (per_document_post)."""
    import requests
    if client in ("python-session", "python-session-threads"):
        return requests.Session()
    if client == "python-session-threads-pool":
        from requests.adapters import HTTPAdapter
        session = requests.Session()
        adapter = HTTPAdapter(pool_maxsize=threads)  # room in the pool for every thread's connection
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session
    if client == "python-retry-session":
        return retry_session()
    if client in ("httpx-client", "httpx-post"):
        return HttpxClient(per_request=client == "httpx-post")
    if client in ("aiohttp-session", "aiohttp-session-per-request"):
        return AiohttpClient(per_request=client == "aiohttp-session-per-request")
    return None


def per_document_post(client):
    """The post function of the requests clients that make a new session (and connection) for every document."""
    import requests
    if client == "python-retry":
        def post(url, **kwargs):
            with retry_session() as per_document:  # a new session (and connection) per document
                return per_document.post(url, **kwargs)
        return post
    return requests.post


def retries_of(response):
    """The connects urllib3 tried again before this answer (its Retry's history)."""
    retries = getattr(getattr(response, "raw", None), "retries", None)
    return len(retries.history) if retries is not None and retries.history else 0


# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------

def _increment(counter):
    with counter.get_lock():
        counter.value += 1


def threaded_worker_main(options, start, deadline, acknowledged, failed, results, failure_seen=None,
                         acknowledged_before_failure=None):
    """One process of --concurrency threads sharing one client; each thread puts its own report on `results`."""
    import threading
    shared = library_client(options.client, threads=options.concurrency)
    try:
        threads = [threading.Thread(target=worker_main, name="loadgen-thread-%d" % w,
                                    args=(w, options, start, deadline, acknowledged, failed, results, failure_seen,
                                          acknowledged_before_failure, shared))
                   for w in range(options.concurrency)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        shared.close()


def worker_main(worker, options, start, deadline, acknowledged, failed, results,
                failure_seen=None, acknowledged_before_failure=None, shared=None):
    """One worker (a process, or a thread of a threaded client's process): sends its documents in order and puts one
    report on `results`. `shared`: the client the threads of one process share (they do not close it)."""
    report = {"worker": worker, "acknowledged": [], "firstFailure": None,
              "timeLimited": False, "crash": None, "retries": 0}
    try:
        session = shared if shared is not None else library_client(options.client)
        post = session.post if session is not None else per_document_post(options.client)
        try:
            for seq in seqs_for_worker(worker, options.concurrency, options.docs):
                if options.rate > 0:
                    due = start + due_offset(seq, options.rate)
                    if due > deadline:
                        _sleep_until(deadline)
                        report["timeLimited"] = True
                        break
                    _sleep_until(due)
                if time.monotonic() > deadline:
                    report["timeLimited"] = True
                    break
                failure = None
                sent_before_any_failure = failure_seen is None or failure_seen.value == 0
                try:
                    response = post(target_for(seq, options.targets),
                                    json=document(options.run_id, seq, options.client, options.docs),
                                    timeout=(CONNECT_TIMEOUT_SECONDS, REQUEST_TIMEOUT_SECONDS))
                    report["retries"] += retries_of(response)
                    if response.status_code != 201:
                        failure = failure_of_response(response.status_code, response.text)
                except Exception as e:  # any failure is a result: go on with the next document
                    failure = failure_of_exception(e)
                if failure is None:
                    report["acknowledged"].append(seq)
                    _increment(acknowledged)
                    if sent_before_any_failure and acknowledged_before_failure is not None:
                        _increment(acknowledged_before_failure)
                else:
                    if failure_seen is not None:
                        failure_seen.value = 1
                    if report["firstFailure"] is None:
                        report["firstFailure"] = [seq, failure]
                    _increment(failed)
        finally:
            if session is not None and shared is None:
                session.close()
    except BaseException:
        report["crash"] = traceback.format_exc()
    results.put(report)


def _sleep_until(moment):
    while True:
        left = moment - time.monotonic()
        if left <= 0:
            return
        time.sleep(left)


def run(options, log=lambda msg: print("loadgen: " + msg, file=sys.stderr)):
    """Runs the load; returns (json_line, crashed_worker_messages)."""
    import requests  # noqa: F401  (imported once before the fork, so each worker starts fast)

    ctx = multiprocessing.get_context("fork")
    acknowledged = ctx.Value("i", 0)
    failed = ctx.Value("i", 0)
    failure_seen = ctx.Value("b", 0)
    acknowledged_before_failure = ctx.Value("i", 0)
    results = ctx.Queue()
    start = time.monotonic()
    deadline = start + options.max_seconds
    samples = []

    def sample():
        t = int((time.monotonic() - start) * 1000)
        # The sockets first, then the documents: counts read after the sockets can only have grown, so a
        # sample never shows more TIME_WAIT sockets than documents done.
        sockets = read_tcp_state_counts()
        acks, fails = acknowledged.value, failed.value
        samples.append((t, acks, fails) + sockets)
        # Progress for the harness, which streams stderr while the run lasts (the Java generator's format):
        # "portex-progress tMs acknowledged failed timeWait established docs".
        print("%s%d %d %d %d %d %d" % (PROGRESS_PREFIX, t, acks, fails, sockets[0], sockets[1], options.docs),
              file=sys.stderr, flush=True)

    sample()
    common = (options, start, deadline, acknowledged, failed, results, failure_seen, acknowledged_before_failure)
    if options.client in THREADED_CLIENTS:
        processes = [(threaded_worker_main, "loadgen-threads", common)]
    else:
        processes = [(worker_main, "loadgen-worker-%d" % w, (w,) + common) for w in range(options.concurrency)]
    workers = []
    for target, name, args in processes:
        p = ctx.Process(target=target, name=name, args=args, daemon=True)
        p.start()
        workers.append(p)
    expected_reports = options.concurrency  # one per worker process, or per thread of the threaded process

    reports = []
    interval = options.sample_ms / 1000.0
    next_tick = start + interval
    give_up = deadline + WORKER_GRACE_SECONDS
    problems = []
    while len(reports) < expected_reports:
        now = time.monotonic()
        if now >= next_tick:
            sample()
            # The next tick is the first of the grid start + k * interval after the sample, however long it took, and
            # the loop waits for reports until then: a sample slower than the interval (reading /proc/net/tcp on a
            # busy host) once made it sample again at once, and again, and never read a report until the time limit.
            now = time.monotonic()
            next_tick += interval * (int((now - next_tick) / interval) + 1)
        if now > give_up:
            problems.append("%d worker(s) did not report %d s after the time limit; stopped them"
                            % (expected_reports - len(reports), WORKER_GRACE_SECONDS))
            break
        try:
            reports.append(results.get(timeout=max(0.0, min(next_tick, give_up) - now)))
        except queue.Empty:
            if not any(p.is_alive() for p in workers) and results.empty():
                # a worker died without a report (killed?); wait briefly for stragglers in the pipe
                try:
                    reports.append(results.get(timeout=1.0))
                except queue.Empty:
                    problems.append("%d worker(s) exited without a report"
                                    % (expected_reports - len(reports)))
                    break
    end = time.monotonic()
    sample()
    for p in workers:
        p.join(timeout=5)
        if p.is_alive():
            p.terminate()
            p.join(timeout=5)

    acked = []
    first_failure = None
    time_limited = False
    retries = 0
    for r in reports:
        acked.extend(r["acknowledged"])
        retries += r.get("retries", 0)
        time_limited |= r["timeLimited"]
        if r["crash"]:
            problems.append("worker %d broke:\n%s" % (r["worker"], r["crash"]))
        ff = r["firstFailure"]
        if ff is not None and (first_failure is None or ff[0] < first_failure[0]):
            first_failure = ff
    # failed from the shared counter: it also counts failures of a worker that never reported
    line = result_json(options, acked, failed.value, first_failure, end - start, time_limited, samples,
                       acknowledged_before_failure.value,
                       retries if options.client in ("python-retry", "python-retry-session") else None)
    return line, problems


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        options = parse_args(argv)
    except UsageError as e:
        print("loadgen: %s" % e, file=sys.stderr)
        return 2
    try:
        line, problems = run(options)
    except Exception:
        print("loadgen: the generator broke:\n%s" % traceback.format_exc(), file=sys.stderr)
        return 1
    print(line, flush=True)
    if problems:
        for p in problems:
            print("loadgen: %s" % p, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
