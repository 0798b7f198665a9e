"""Unit tests of loadgen.py's pure helpers, plus one loopback run when `requests` is installed.

Run from this directory:  PYTHONDONTWRITEBYTECODE=1 python3 -m unittest -v
(no __pycache__: every file here is part of the image's build context and of its hash).
"""

import http.server
import json
import threading
import unittest

import loadgen


class ParseArgsTest(unittest.TestCase):
    TARGET = ["--target", "http://ingest-node:8080/docs"]

    def usage(self, *argv):
        with self.assertRaises(loadgen.UsageError) as caught:
            loadgen.parse_args(list(argv))
        message = str(caught.exception)
        self.assertNotIn("\n", message)
        return message

    def test_defaults(self):
        o = loadgen.parse_args(["--client", "python-post"] + self.TARGET)
        self.assertEqual((o.client, o.docs, o.rate, o.concurrency, o.max_seconds, o.sample_ms),
                         ("python-post", 100, 0.0, 1, 300, 200))
        self.assertEqual(o.targets, ["http://ingest-node:8080/docs"])
        self.assertEqual(len(o.run_id), 36)  # a random UUID

    def test_all_options(self):
        o = loadgen.parse_args([
            "--client", "python-session", "--docs", "250", "--rate", "50.0", "--concurrency", "4",
            "--target", "http://a:8080/docs, http://b:8081/docs", "--run-id", "r1",
            "--max-seconds", "60", "--sample-ms", "100"])
        self.assertEqual((o.client, o.docs, o.rate, o.concurrency, o.run_id, o.max_seconds, o.sample_ms),
                         ("python-session", 250, 50.0, 4, "r1", 60, 100))
        self.assertEqual(o.targets, ["http://a:8080/docs", "http://b:8081/docs"])

    def test_bad_values_name_problem_and_fix(self):
        self.assertEqual(self.usage("--client", "python-post", "--docs", "abc", *self.TARGET),
                         "--docs must be a whole number >= 1, got 'abc'")
        self.assertIn(">= 1", self.usage("--client", "python-post", "--docs", "0", *self.TARGET))
        self.assertIn(">= 1", self.usage("--client", "python-post", "--docs", "2.5", *self.TARGET))
        self.assertIn(">= 1", self.usage("--client", "python-post", "--docs", "+-5", *self.TARGET))
        self.assertIn(">= 1", self.usage("--client", "python-post", "--docs", "9999999999", *self.TARGET))
        self.assertIn("--rate must be a number >= 0",
                      self.usage("--client", "python-post", "--rate", "-1", *self.TARGET))
        self.assertIn("--rate", self.usage("--client", "python-post", "--rate", "nan", *self.TARGET))
        self.assertIn("--rate", self.usage("--client", "python-post", "--rate", "inf", *self.TARGET))
        self.assertIn("--sample-ms must be a whole number >= 10",
                      self.usage("--client", "python-post", "--sample-ms", "5", *self.TARGET))
        self.assertIn("--max-seconds", self.usage("--client", "python-post", "--max-seconds", "x", *self.TARGET))
        self.assertIn("--concurrency", self.usage("--client", "python-post", "--concurrency", "0", *self.TARGET))

    def test_client_target_and_shape(self):
        self.assertEqual(self.usage(*self.TARGET),
                         "--client must be one of python-post, python-session")
        self.assertIn("got 'pooled'", self.usage("--client", "pooled", *self.TARGET))
        self.assertIn("--target is required", self.usage("--client", "python-post"))
        self.assertIn("--target must be http URLs",
                      self.usage("--client", "python-post", "--target", "https://x/docs"))
        self.assertIn("got 'nohost'", self.usage("--client", "python-post", "--target", "http://a/,nohost"))
        self.assertIn("--target", self.usage("--client", "python-post", "--target", "http://a:99999/"))
        self.assertIn("unknown option --bogus", self.usage("--bogus", "1"))
        self.assertIn("unexpected argument 'docs'", self.usage("docs"))
        self.assertEqual(self.usage("--client", "python-post", "--docs"),
                         "--docs needs a value, e.g. --docs 100")

    def test_main_exits_2_on_bad_options(self):
        self.assertEqual(loadgen.main(["--docs", "abc"]), 2)


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
                                   [(0, 0, 0), (1500, 3, 2)])
        self.assertNotIn("\n", line)
        r = json.loads(line)
        self.assertEqual(list(r), ["client", "docs", "concurrency", "rate", "attempted", "acknowledged",
                                   "failed", "firstFailureAt", "error", "acknowledgedSeqs", "durationMs",
                                   "docsPerSecond", "stoppedBy", "samples"])
        self.assertEqual((r["attempted"], r["acknowledged"], r["failed"], r["firstFailureAt"]), (5, 3, 2, 3))
        self.assertEqual(r["acknowledgedSeqs"], [[1, 2], [4, 4]])
        self.assertEqual((r["durationMs"], r["docsPerSecond"], r["stoppedBy"]), (1500, 2.0, "completed"))
        self.assertEqual(r["samples"][1], {"tMs": 1500, "acknowledged": 3, "failed": 2})
        none = json.loads(loadgen.result_json(o, [], 0, None, 0, True, []))
        self.assertEqual((none["firstFailureAt"], none["error"], none["stoppedBy"], none["docsPerSecond"]),
                         (None, None, "time-limit", 0.0))


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
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@unittest.skipUnless(HAVE_REQUESTS, "needs the requests package")
class LoopbackRunTest(unittest.TestCase):
    """A whole run against a server on 127.0.0.1 that answers 503 to every 10th document."""

    def setUp(self):
        _Handler.seen = []
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = "http://127.0.0.1:%d/docs" % self.server.server_address[1]

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()

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
        self.assertEqual(r["samples"][0], {"tMs": 0, "acknowledged": 0, "failed": 0})
        self.assertEqual(r["samples"][-1]["acknowledged"], 23)
        self.assertEqual(sorted(d["seq"] for d in _Handler.seen), list(range(1, 26)))
        self.assertEqual({(d["runId"], d["client"]) for d in _Handler.seen}, {("t1", "python-session")})

    def test_post_run_with_connection_errors(self):
        # odd documents go to a closed port: refused at once, so each counts as failed
        closed = "http://127.0.0.1:1/docs"
        r = self.run_load("--client", "python-post", "--docs", "6", "--target", closed + "," + self.url)
        self.assertEqual((r["acknowledged"], r["failed"], r["firstFailureAt"]), (3, 3, 1))
        self.assertEqual(r["error"]["type"], "requests.exceptions.ConnectionError")
        self.assertIn("Connection refused", r["error"]["message"])
        self.assertEqual(r["acknowledgedSeqs"], [[2, 2], [4, 4], [6, 6]])

    def test_rate_and_time_limit(self):
        r = self.run_load("--client", "python-session", "--docs", "11", "--rate", "20", "--target", self.url)
        self.assertGreaterEqual(r["durationMs"], 500)
        self.assertLess(r["durationMs"], 3000)
        r = self.run_load("--client", "python-session", "--docs", "100", "--rate", "50", "--concurrency", "2",
                          "--max-seconds", "1", "--target", self.url)
        self.assertEqual(r["stoppedBy"], "time-limit")
        self.assertTrue(45 <= r["attempted"] <= 52, r["attempted"])
        self.assertLess(r["durationMs"], 1500)


if __name__ == "__main__":
    unittest.main()
