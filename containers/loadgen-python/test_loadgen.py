"""Unit tests of loadgen.py's pure helpers, plus one loopback run when `requests` is installed.

Run from this directory:  PYTHONDONTWRITEBYTECODE=1 python3 -m unittest -v
(no __pycache__: every file here is part of the image's build context and of its hash).
"""

import contextlib
import http.server
import io
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

import loadgen


GOOD = ["--client", "python-post", "--target", "http://ingest-node:8080/docs"]
KNOWN = ("--client --docs --rate --concurrency --target --run-id --max-seconds --sample-ms")
TARGET_FIX = "--target must be http or https URLs separated by commas, e.g. http://ingest-node:8080/docs, got "

# Every bad input and the exact one-line message it gets (main() prints it after "loadgen: ", exit code 2).
BAD_INPUT = [
    (GOOD + ["--docs", "abc"], "--docs must be a whole number >= 1, got 'abc'"),
    (GOOD + ["--docs", "0"], "--docs must be a whole number >= 1, got '0'"),
    (GOOD + ["--docs", "2.5"], "--docs must be a whole number >= 1, got '2.5'"),
    (GOOD + ["--docs", "+-5"], "--docs must be a whole number >= 1, got '+-5'"),
    (GOOD + ["--docs", "-5"], "--docs must be a whole number >= 1, got '-5'"),
    (GOOD + ["--docs", "9999999999"], "--docs must be a whole number >= 1, got '9999999999'"),
    (GOOD + ["--docs", ""], "--docs must be a whole number >= 1, got ''"),
    (GOOD + ["--concurrency", "0"], "--concurrency must be a whole number >= 1, got '0'"),
    (GOOD + ["--max-seconds", "x"], "--max-seconds must be a whole number >= 1, got 'x'"),
    (GOOD + ["--sample-ms", "5"], "--sample-ms must be a whole number >= 10, got '5'"),
    (GOOD + ["--rate", "-1"], "--rate must be a number >= 0 (0 = as fast as possible), got '-1'"),
    (GOOD + ["--rate", "nan"], "--rate must be a number >= 0 (0 = as fast as possible), got 'nan'"),
    (GOOD + ["--rate", "inf"], "--rate must be a number >= 0 (0 = as fast as possible), got 'inf'"),
    (GOOD + ["--rate", "fast"], "--rate must be a number >= 0 (0 = as fast as possible), got 'fast'"),
    (["--target", "http://a/"], "--client must be one of " + ", ".join(loadgen.CLIENTS)),
    (["--client", "pooled", "--target", "http://a/"],
     "--client must be one of python-post, python-session, python-retry, python-retry-session, httpx-post, httpx-client, "
     "aiohttp-session-per-request, aiohttp-session, python-session-threads, python-session-threads-pool, got 'pooled'"),
    (["--client", "python-post"], "--target is required, e.g. --target http://ingest-node:8080/docs"),
    (["--client", "python-post", "--target", "ftp://x/docs"], TARGET_FIX + "'ftp://x/docs'"),
    (["--client", "python-post", "--target", "http://a/,nohost"], TARGET_FIX + "'nohost'"),
    (["--client", "python-post", "--target", "http://a:99999/"], TARGET_FIX + "'http://a:99999/'"),
    (["--client", "python-post", "--target", ""], TARGET_FIX + "''"),
    (GOOD + ["--bogus", "1"], "unknown option --bogus: known are " + KNOWN),
    (GOOD + ["--bogus=1"], "unknown option --bogus: known are " + KNOWN),
    (GOOD + ["--doc", "5"], "unknown option --doc: known are " + KNOWN),  # no abbreviations
    (GOOD + ["docs"], "unexpected argument 'docs': options look like --docs 100"),
    (GOOD + ["-d", "5"], "unexpected argument '-d': options look like --docs 100"),
    (GOOD + ["--docs"], "--docs needs a value, e.g. --docs 100"),
    (GOOD + ["--rate"], "--rate needs a value, e.g. --rate 800"),
    (["--target", "http://a/", "--client"], "--client needs a value, e.g. --client python-post"),
    (GOOD + ["--run-id", "--docs", "5"], "--run-id needs a value, e.g. --run-id run-1"),
]


class ParseArgsTest(unittest.TestCase):
    """The options (argparse), pinned: good options, and each bad input's message and exit code."""

    def test_defaults(self):
        o = loadgen.parse_args(GOOD)
        self.assertEqual((o.client, o.docs, o.rate, o.concurrency, o.max_seconds, o.sample_ms),
                         ("python-post", 100, 0.0, 1, 300, 200))
        self.assertIsInstance(o.rate, float)
        self.assertEqual(o.targets, ["http://ingest-node:8080/docs"])
        self.assertRegex(o.run_id, r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
                         "a random UUID (version 4)")
        self.assertNotEqual(o.run_id, loadgen.parse_args(GOOD).run_id, "a new UUID per run")

    def test_all_options(self):
        o = loadgen.parse_args([
            "--client", "python-session", "--docs", "250", "--rate", "50.0", "--concurrency", "4",
            "--target", "http://a:8080/docs, http://b:8081/docs", "--run-id", "r1",
            "--max-seconds", "60", "--sample-ms", "100"])
        self.assertEqual((o.client, o.docs, o.rate, o.concurrency, o.run_id, o.max_seconds, o.sample_ms),
                         ("python-session", 250, 50.0, 4, "r1", 60, 100))
        self.assertEqual(o.targets, ["http://a:8080/docs", "http://b:8081/docs"])

    def test_forms_argparse_also_accepts(self):
        o = loadgen.parse_args(["--docs=7", "--rate", " 12.5 ", "--client=python-session", "--target", "http://a/",
                                "--docs", "+8", "--sample-ms", "10", "--max-seconds", "2147483647"])
        self.assertEqual((o.client, o.docs, o.rate, o.sample_ms, o.max_seconds),
                         ("python-session", 8, 12.5, 10, 2147483647),
                         "--flag=value, surrounding spaces, a + sign, the limits themselves; the last of a "
                         "repeated option wins")
        self.assertEqual(loadgen.parse_args(GOOD + ["--run-id", "-1"]).run_id, "-1",
                         "a value that reads as a negative number is a value, as before")

    def test_each_bad_input_gets_its_one_line_message(self):
        for argv, message in BAD_INPUT:
            with self.subTest(argv=argv):
                with self.assertRaises(loadgen.UsageError) as caught:
                    loadgen.parse_args(argv)
                self.assertEqual(str(caught.exception), message)

    def test_main_exits_2_with_one_line_on_stderr_and_nothing_on_stdout(self):
        for argv, message in BAD_INPUT:
            with self.subTest(argv=argv):
                out, err = io.StringIO(), io.StringIO()
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                    code = loadgen.main(argv)
                self.assertEqual((code, out.getvalue(), err.getvalue()), (2, "", "loadgen: %s\n" % message))

    def test_the_script_exits_2_before_sending_anything(self):
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "loadgen.py")
        done = subprocess.run([sys.executable, script, "--client", "python-post", "--target", "http://a/",
                               "--docs", "abc"], capture_output=True, text=True, timeout=60,
                              env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
        self.assertEqual((done.returncode, done.stdout, done.stderr),
                         (2, "", "loadgen: --docs must be a whole number >= 1, got 'abc'\n"))

    def test_help_lists_every_option_and_exits_0(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), self.assertRaises(SystemExit) as caught:
            loadgen.parse_args(["--help"])
        self.assertEqual(caught.exception.code, 0)
        self.assertTrue(out.getvalue().startswith("usage: loadgen.py"), out.getvalue())
        for option in KNOWN.split():
            self.assertIn(option, out.getvalue())


class HelperTest(unittest.TestCase):
    def test_worker_shares(self):
        self.assertEqual(list(loadgen.seqs_for_worker(0, 1, 5)), [1, 2, 3, 4, 5])
        self.assertEqual(list(loadgen.seqs_for_worker(0, 4, 10)), [1, 5, 9])
        self.assertEqual(list(loadgen.seqs_for_worker(3, 4, 10)), [4, 8])
        self.assertEqual(list(loadgen.seqs_for_worker(5, 8, 3)), [])
        every = sorted(s for w in range(4) for s in loadgen.seqs_for_worker(w, 4, 250))
        self.assertEqual(every, list(range(1, 251)))

    def test_targets_round_robin(self):
        targets = ["a", "b", "c"]
        self.assertEqual([loadgen.target_for(n, targets) for n in range(1, 8)],
                         ["a", "b", "c", "a", "b", "c", "a"])

    def test_due_offset(self):
        self.assertEqual(loadgen.due_offset(1, 50), 0.0)
        self.assertAlmostEqual(loadgen.due_offset(101, 50), 2.0)
        self.assertEqual(loadgen.due_offset(1000, 0), 0.0)

    def test_document(self):
        self.assertEqual(loadgen.document("r", 7, "python-post", 300),
                         {"runId": "r", "seq": 7, "client": "python-post", "message": "document 7 of 300"})

    def test_merge_ranges(self):
        self.assertEqual(loadgen.merge_ranges([]), [])
        self.assertEqual(loadgen.merge_ranges([7, 3, 1, 2]), [[1, 3], [7, 7]])
        self.assertEqual(loadgen.merge_ranges([5, 1, 9, 2, 4, 3]), [[1, 5], [9, 9]])

    def test_error_type(self):
        class Local(Exception):
            pass
        self.assertEqual(loadgen.error_type(OSError(99, "x")), "OSError")
        self.assertEqual(loadgen.error_type(json.JSONDecodeError("m", "d", 0)), "json.decoder.JSONDecodeError")
        self.assertTrue(loadgen.error_type(Local()).endswith("Local"))
        f = loadgen.failure_of_exception(OSError(99, "Cannot assign requested address"))
        self.assertEqual(f, {"type": "OSError", "message": "[Errno 99] Cannot assign requested address"})

    def test_failure_of_response(self):
        self.assertEqual(loadgen.failure_of_response(503, "busy"), {"type": "HTTP 503", "message": "busy"})
        self.assertEqual(len(loadgen.failure_of_response(500, "x" * 900)["message"]), 500)

    def test_result_json(self):
        o = loadgen.parse_args(["--client", "python-post", "--docs", "5", "--target", "http://a/"])
        line = loadgen.result_json(o, [1, 2, 4], 2, [3, {"type": "T", "message": "m"}], 1.5, False,
                                   [(0, 0, 0, -1, -1), (1500, 3, 2, 3, 0)])
        self.assertNotIn("\n", line)
        r = json.loads(line)
        self.assertEqual(list(r), ["client", "docs", "concurrency", "rate", "attempted", "acknowledged",
                                   "failed", "firstFailureAt", "error", "acknowledgedBeforeFirstFailure",
                                   "acknowledgedSeqs", "durationMs",
                                   "docsPerSecond", "stoppedBy", "samples"])
        self.assertEqual((r["attempted"], r["acknowledged"], r["failed"], r["firstFailureAt"]), (5, 3, 2, 3))
        self.assertEqual(r["acknowledgedSeqs"], [[1, 2], [4, 4]])
        self.assertEqual((r["durationMs"], r["docsPerSecond"], r["stoppedBy"]), (1500, 2.0, "completed"))
        self.assertEqual(r["samples"][0],
                         {"tMs": 0, "acknowledged": 0, "failed": 0, "timeWait": -1, "established": -1})
        self.assertEqual(list(r["samples"][1].items()),
                         [("tMs", 1500), ("acknowledged", 3), ("failed", 2), ("timeWait", 3), ("established", 0)],
                         "sample keys in the order of the Java generator's LoadResult.Sample")
        none = json.loads(loadgen.result_json(o, [], 0, None, 0, True, []))
        self.assertEqual((none["firstFailureAt"], none["error"], none["stoppedBy"], none["docsPerSecond"]),
                         (None, None, "time-limit", 0.0))


# /proc/net/tcp of a load generator after 3 per-request documents: Docker's DNS listener on
# 127.0.0.11 (0A LISTEN), 2 closed connections to ingest-node:8080 (06 TIME_WAIT), 1 open one (01).
PROC_NET_TCP = """\
  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0B00007F:8D2F 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2912345 1 00000000a1b2c3d4 100 0 0 10 0
   1: 040012AC:9C9C 030012AC:1F90 06 00000000:00000000 03:00001746 00000000     0        0 0 3 0000000000000000
   2: 040012AC:9C4F 030012AC:1F90 06 00000000:00000000 03:00001578 00000000     0        0 0 3 0000000000000000
   3: 040012AC:9C50 030012AC:1F90 01 00000000:00000000 02:00001B58 00000000  1001        0 2913377 2 00000000e5f6a7b8 20 4 30 10 -1
"""
# /proc/net/tcp6 of the same namespace: one IPv4-mapped TIME_WAIT socket, CRLF line ends, a blank line.
PROC_NET_TCP6 = (
    "  sl  local_address                         remote_address                        st tx_queue rx_queue tr "
    "tm->when retrnsmt   uid  timeout inode\r\n"
    "   0: 0000000000000000FFFF0000040012AC:9C41 0000000000000000FFFF0000030012AC:1F90 06 00000000:00000000 "
    "03:00001700 00000000     0        0 0 3 0000000000000000\r\n"
    "\r\n")
PROC_NET_TCP6_EMPTY = ("  sl  local_address                         remote_address                        st "
                       "tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n")


class ProcNetTcpTest(unittest.TestCase):
    """Socket counts of a sample: TIME_WAIT (state 06) and ESTABLISHED (01) from /proc/net/tcp{,6}."""

    def test_counts_states_in_tcp_and_tcp6(self):
        self.assertEqual(loadgen.tcp_state_counts([PROC_NET_TCP, PROC_NET_TCP6_EMPTY]), (2, 1))
        self.assertEqual(loadgen.tcp_state_counts([PROC_NET_TCP, PROC_NET_TCP6]), (3, 1),
                         "tcp6 adds its TIME_WAIT socket; CRLF and blank lines are fine")
        self.assertEqual(loadgen.tcp_state_counts([PROC_NET_TCP + PROC_NET_TCP6]), (3, 1),
                         "one text holding both tables (a repeated header), as `cat tcp tcp6` prints")
        self.assertEqual(loadgen.tcp_state_counts([PROC_NET_TCP6_EMPTY, ""]), (0, 0))

    def test_state_is_hex_in_any_case(self):
        line = "   9: 040012AC:9C9D 030012AC:1F90 %s 00000000:00000000 00:00000000 00000000 0 0 0\n"
        header = PROC_NET_TCP6_EMPTY
        self.assertEqual(loadgen.tcp_state_counts([header + line % "6" + line % "01" + line % "0a"]), (1, 1),
                         "'6' is TIME_WAIT, '01' ESTABLISHED, '0a' (LISTEN) neither")

    def test_rejects_text_that_is_no_table(self):
        with self.assertRaises(ValueError) as caught:
            loadgen.tcp_state_counts([PROC_NET_TCP + "garbage line\n"])
        self.assertIn("line 6", str(caught.exception))
        with self.assertRaises(ValueError):
            loadgen.tcp_state_counts(["   0: 0B00007F:8D2F 00000000:0000 XY 00000000:00000000\n"])

    def test_read_gives_minus_one_when_unreadable(self):
        with tempfile.TemporaryDirectory() as d:
            tcp = os.path.join(d, "tcp")
            tcp6 = os.path.join(d, "tcp6")
            bad = os.path.join(d, "bad")
            with open(tcp, "w") as f:
                f.write(PROC_NET_TCP)
            with open(tcp6, "w") as f:
                f.write(PROC_NET_TCP6)
            with open(bad, "wb") as f:
                f.write(b"\xff\xfe not ascii")
            self.assertEqual(loadgen.read_tcp_state_counts((tcp, tcp6)), (3, 1))
            self.assertEqual(loadgen.read_tcp_state_counts((tcp, os.path.join(d, "missing"))), (-1, -1),
                             "a missing file: both counts unknown, as the Java generator reports them")
            self.assertEqual(loadgen.read_tcp_state_counts((bad,)), (-1, -1), "bytes that are no table")

    @unittest.skipUnless(os.path.exists("/proc/net/tcp"), "needs Linux /proc/net/tcp")
    def test_reads_this_namespace(self):
        time_wait, established = loadgen.read_tcp_state_counts()
        self.assertGreaterEqual(time_wait, 0)
        self.assertGreaterEqual(established, 0)


try:
    import requests  # noqa: F401
    HAVE_REQUESTS = True
except ImportError:
    HAVE_REQUESTS = False


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Whole answer in one segment: headers and body written apart meet Nagle + delayed ACK (~40 ms each).
    wbufsize = -1
    disable_nagle_algorithm = True
    seen = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Handler.seen.append(body)
        status, text = (503, "busy " * 200) if body["seq"] % 10 == 0 else (201, '{"ok":true}')
        self.answer(status, text)

    def do_GET(self):
        # GET /seen: every document this server received, for the test to check
        self.answer(200, json.dumps(_Handler.seen))

    def answer(self, status, text):
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def _serve(port_out):
    """The test server's process: its threads live here, never in the test's own process (see LoopbackRunTest)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    port_out.send(server.server_address[1])
    port_out.close()
    server.serve_forever()


@unittest.skipUnless(HAVE_REQUESTS, "needs the requests package")
class LoopbackRunTest(unittest.TestCase):
    """A whole run against a server on 127.0.0.1 that answers 503 to every 10th document.

    The server runs in a process of its own, forked while this process has no other thread: loadgen forks its
    workers, and a fork of a process with threads (a server thread holding a lock, stderr's say) can leave a worker
    deadlocked before it reports (seen: "3 worker(s) did not report 30 s after the time limit" on a busy machine).
    """

    def setUp(self):
        receive, send = multiprocessing.Pipe(duplex=False)
        self.server = multiprocessing.get_context("fork").Process(target=_serve, args=(send,), daemon=True)
        self.server.start()
        send.close()
        self.port = receive.recv()
        receive.close()
        self.url = "http://127.0.0.1:%d/docs" % self.port

    def tearDown(self):
        self.server.terminate()
        self.server.join(timeout=5)

    def seen(self):
        """Every document the test server received so far."""
        with urllib.request.urlopen("http://127.0.0.1:%d/seen" % self.port, timeout=10) as answer:
            return json.loads(answer.read())

    def run_load(self, *argv):
        line, problems = loadgen.run(loadgen.parse_args(list(argv)))
        self.assertEqual(problems, [])
        return json.loads(line)

    def test_session_run(self):
        r = self.run_load("--client", "python-session", "--docs", "25", "--concurrency", "3",
                          "--target", self.url, "--run-id", "t1", "--sample-ms", "10")
        self.assertEqual((r["attempted"], r["acknowledged"], r["failed"], r["firstFailureAt"]), (25, 23, 2, 10))
        self.assertEqual(r["error"], {"type": "HTTP 503", "message": ("busy " * 200)[:500]})
        self.assertEqual(r["acknowledgedSeqs"], [[1, 9], [11, 19], [21, 25]])
        self.assertEqual(r["stoppedBy"], "completed")
        self.assertEqual({k: r["samples"][0][k] for k in ("tMs", "acknowledged", "failed")},
                         {"tMs": 0, "acknowledged": 0, "failed": 0})
        self.assertEqual(list(r["samples"][0]), ["tMs", "acknowledged", "failed", "timeWait", "established"])
        self.assertEqual(r["samples"][-1]["acknowledged"], 23)
        if os.path.exists("/proc/net/tcp"):
            for s in r["samples"]:
                self.assertGreaterEqual(s["timeWait"], 0, s)
                self.assertGreaterEqual(s["established"], 0, s)
        seen = self.seen()
        self.assertEqual(sorted(d["seq"] for d in seen), list(range(1, 26)))
        self.assertEqual({(d["runId"], d["client"]) for d in seen}, {("t1", "python-session")})

    def test_retrying_clients_count_no_retry_when_every_connect_succeeds(self):
        for client in ("python-retry", "python-retry-session"):
            r = self.run_load("--client", client, "--docs", "25", "--concurrency", "2", "--target", self.url,
                              "--run-id", client)
            self.assertEqual((r["acknowledged"], r["failed"], r["retries"]), (23, 2, 0), client)

    def test_the_other_libraries_send_every_document_and_read_every_answer(self):
        for client in ("httpx-post", "httpx-client", "aiohttp-session-per-request", "aiohttp-session"):
            r = self.run_load("--client", client, "--docs", "25", "--concurrency", "2", "--target", self.url,
                              "--run-id", client)
            self.assertEqual((r["acknowledged"], r["failed"], r["firstFailureAt"]), (23, 2, 10), client)
            self.assertEqual(r["error"], {"type": "HTTP 503", "message": ("busy " * 200)[:500]}, client)
        seen = self.seen()
        self.assertEqual({d["client"] for d in seen},
                         {"httpx-post", "httpx-client", "aiohttp-session-per-request", "aiohttp-session"})

    def test_threads_sharing_one_session_send_every_document_once(self):
        for client in ("python-session-threads", "python-session-threads-pool"):
            r = self.run_load("--client", client, "--docs", "40", "--concurrency", "12", "--target", self.url,
                              "--run-id", client)
            self.assertEqual((r["attempted"], r["acknowledged"], r["failed"]), (40, 36, 4), client)
        seen = self.seen()
        for client in ("python-session-threads", "python-session-threads-pool"):
            self.assertEqual(sorted(d["seq"] for d in seen if d["client"] == client), list(range(1, 41)), client)

    def test_the_threaded_fix_has_room_for_every_thread(self):
        adapter = loadgen.library_client("python-session-threads-pool", threads=16).adapters["http://"]
        self.assertEqual(adapter._pool_maxsize, 16)
        self.assertEqual(loadgen.library_client("python-session-threads", threads=16).adapters["http://"]._pool_maxsize, 10)

    def test_the_retry_policy_retries_a_failed_connect_long_enough_to_outlast_time_wait(self):
        import urllib3
        retry = loadgen.retry_session().adapters["http://"].max_retries
        self.assertEqual((retry.total, retry.connect, retry.read, retry.status, retry.backoff_factor), (10, 10, 0, 0, 1.0))
        waits, history = [], retry
        for _ in range(6):
            # a connect that failed: urllib3 raises NewConnectionError for errno 99, as for any failed connect
            history = history.increment(method="POST", url="/docs",
                                        error=urllib3.exceptions.NewConnectionError(None, "[Errno 99]"))
            waits.append(history.get_backoff_time())
        self.assertEqual(waits, [0, 2, 4, 8, 16, 32], "urllib3's back-off before each of the first six retries")
        self.assertGreater(sum(waits), 60, "six retries wait longer than a port stays in TIME_WAIT")

    def test_samples_slower_than_their_interval_do_not_keep_the_reports_waiting(self):
        # Each sample takes 30 ms, three times the 10 ms interval (as reading /proc/net/tcp can on a busy host): the run
        # still ends when its workers have reported, not at its time limit (problems would then say they did not report).
        read = loadgen.read_tcp_state_counts

        def slow_read(*args):
            time.sleep(0.03)
            return read(*args)

        loadgen.read_tcp_state_counts = slow_read
        try:
            r = self.run_load("--client", "python-session", "--docs", "25", "--concurrency", "3", "--max-seconds", "20",
                              "--target", self.url, "--run-id", "slow", "--sample-ms", "10")
        finally:
            loadgen.read_tcp_state_counts = read
        self.assertEqual((r["acknowledged"], r["failed"], r["stoppedBy"]), (23, 2, "completed"))
        self.assertLess(r["durationMs"], 20000, "the run ends once its workers reported, before its 20 s limit")

    def time_wait_towards_server(self):
        """TIME_WAIT sockets of this namespace whose remote end is the test server: the clients' own."""
        port = "%04X" % self.port
        server = {"0100007F:" + port, "0000000000000000FFFF00000100007F:" + port}  # 127.0.0.1, also IPv4-mapped
        count = 0
        for path in loadgen.PROC_NET_TCP_FILES:
            with open(path, encoding="ascii") as f:
                for line in f.read().splitlines()[1:]:
                    fields = line.split()
                    if len(fields) > 3 and fields[2] in server and fields[3] == "06":
                        count += 1
        return count

    def await_time_wait_towards_server(self, expected, seconds=5.0):
        give_up = time.monotonic() + seconds
        while True:
            seen = self.time_wait_towards_server()
            if seen == expected or time.monotonic() > give_up:
                return seen
            time.sleep(0.01)

    def test_post_run_with_connection_errors(self):
        # odd documents go to a closed port: refused at once, so each counts as failed
        closed = "http://127.0.0.1:1/docs"
        r = self.run_load("--client", "python-post", "--docs", "6", "--target", closed + "," + self.url)
        self.assertEqual((r["acknowledged"], r["failed"], r["firstFailureAt"]), (3, 3, 1))
        self.assertEqual(r["acknowledgedBeforeFirstFailure"], 0, "document 1 failed first: nothing before it")
        self.assertEqual(r["error"]["type"], "requests.exceptions.ConnectionError")
        self.assertIn("Connection refused", r["error"]["message"])
        self.assertEqual(r["acknowledgedSeqs"], [[2, 2], [4, 4], [6, 6]])
        if os.path.exists("/proc/net/tcp"):
            # Each requests.post closes its connection first, so its socket ends in TIME_WAIT (60 s), but
            # only once this test server has closed its side; until then it waits in FIN_WAIT2.
            # The run's last sample, taken as the last post returns, can come before that (measured: the
            # 3rd connection was still in FIN_WAIT2 in 5 of 40 runs with six busy processes beside the
            # test), so the sample is no exact measure here; the namespace a moment later is.
            self.assertEqual(self.await_time_wait_towards_server(3), 3,
                             "client sockets in TIME_WAIT towards the test server, one per requests.post")

    def test_rate_and_time_limit(self):
        r = self.run_load("--client", "python-session", "--docs", "11", "--rate", "20", "--target", self.url)
        self.assertGreaterEqual(r["durationMs"], 500, "document 11 is due 0.5 s after the start")
        self.assertLess(r["durationMs"], 3000)
        r = self.run_load("--client", "python-session", "--docs", "100", "--rate", "50", "--concurrency", "2",
                          "--max-seconds", "1", "--run-id", "limited", "--target", self.url)
        self.assertEqual(r["stoppedBy"], "time-limit", "100 documents at 50/s need 2 s: the 1 s limit stops them")
        sent = sorted(d["seq"] for d in self.seen() if d["runId"] == "limited")
        self.assertEqual(r["attempted"], len(sent), "every attempt reached the server")
        # How many documents two workers get out in that second depends on the CPU they get: 50 or 51 on
        # an idle machine, 28 with six busy processes beside the test, none when a worker only starts
        # after the limit (seen too). What the limit guarantees is exact: nothing due after it is sent
        # (document n is due at (n-1)/50 s: n <= 51), and each worker sends its own documents in order,
        # without a gap, until it stops.
        self.assertLessEqual(max(sent, default=0), 51, "the last document sent must be due by the 1 s limit")
        for worker in (1, 2):
            own = [seq for seq in sent if seq % 2 == worker % 2]
            self.assertEqual(own, list(range(worker, worker + 2 * len(own), 2)),
                             "worker %d's documents: its share, in order, without a gap" % worker)
        # And the run ends at the limit, but for a request in flight then (about 1.0 s on an idle machine;
        # up to 2.3 s measured with six busy processes beside the test); such a request has its timeout.
        self.assertLess(r["durationMs"], (1 + loadgen.REQUEST_TIMEOUT_SECONDS) * 1000)


if __name__ == "__main__":
    unittest.main()
