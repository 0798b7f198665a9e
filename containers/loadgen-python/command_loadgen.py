#!/usr/bin/env python3
"""portex's command load generator: any command line as the client, run once per document.

  python3 command_loadgen.py --command CMD --target URL[,URL...] [--docs N] [--run-id ID]
                             [--max-seconds S] [--sample-ms MS]

For document n it runs `sh -c CMD` in this (narrowed) network namespace with the document's JSON on
stdin and these environment variables:

  PORTEX_TARGET_URL  the URL to POST to, e.g. http://ingest-node-1:8080/docs
  PORTEX_DOC_SEQ     n (1-based)
  PORTEX_RUN_ID      the run's id (also inside the document)

A command that exits 0 counts as sent, any other exit status as a failure whose text is the command's
stderr (the harness counts acknowledged documents on the server side, from Node's 201s). Prints the
same single JSON line as loadgen.py. Exit codes: 0 the run completed, 2 bad options, 4 the command
cannot run at all (not found, or not executable: exit status 126/127 on the first document).
"""

import argparse
import os
import subprocess
import sys
import threading
import time
import uuid

import loadgen

MAX_STDERR_CHARS = 500
NOT_RUNNABLE = (126, 127)
EXIT_COMMAND_NOT_RUNNABLE = 4


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise loadgen.UsageError(message)


def parse_args(argv):
    parser = _Parser(prog="command_loadgen.py", add_help=False)
    parser.add_argument("--command", required=True)
    parser.add_argument("--target", type=loadgen.targets_of, required=True)
    parser.add_argument("--docs", type=lambda v: loadgen.whole_number("--docs", v, 1), default=100)
    parser.add_argument("--run-id", default=None)
    parser.add_argument("--max-seconds", type=lambda v: loadgen.whole_number("--max-seconds", v, 1), default=300)
    parser.add_argument("--sample-ms", type=lambda v: loadgen.whole_number("--sample-ms", v, 10), default=200)
    args = parser.parse_args(argv)
    if not args.command.strip():
        raise loadgen.UsageError("--command is empty: give the command that sends one document, e.g. "
                                 "--command 'curl -fsS -H \"Content-Type: application/json\" --data-binary @- "
                                 "\"$PORTEX_TARGET_URL\"'")
    return args


def stderr_text(data):
    text = (data or b"").decode("utf-8", "replace").strip()
    return text[-MAX_STDERR_CHARS:]


def run(args):
    run_id = args.run_id or str(uuid.uuid4())
    options = loadgen.Options("command", args.docs, 0.0, 1, args.target, run_id, args.max_seconds, args.sample_ms)
    start = time.monotonic()
    deadline = start + args.max_seconds
    acked, failed, first_failure, samples = [], [0], [None], []
    done = threading.Event()

    def sample():
        t = int((time.monotonic() - start) * 1000)
        samples.append((t, len(acked), failed[0]) + loadgen.read_tcp_state_counts())

    def sampler():
        while not done.wait(args.sample_ms / 1000.0):
            sample()

    sample()
    thread = threading.Thread(target=sampler, daemon=True)
    thread.start()
    time_limited = False
    try:
        for seq in range(1, args.docs + 1):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                time_limited = True
                break
            url = loadgen.target_for(seq, args.target)
            body = loadgen.json.dumps(loadgen.document(run_id, seq, "command", args.docs)).encode()
            env = dict(os.environ, PORTEX_TARGET_URL=url, PORTEX_DOC_SEQ=str(seq), PORTEX_RUN_ID=run_id)
            try:
                done_proc = subprocess.run(["sh", "-c", args.command], input=body, env=env,
                                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=remaining)
            except subprocess.TimeoutExpired:
                time_limited = True
                failed[0] += 1
                if first_failure[0] is None:
                    first_failure[0] = (seq, {"type": "timeout", "message": "the command ran past --max-seconds"})
                break
            if done_proc.returncode == 0:
                acked.append(seq)
                continue
            if seq == 1 and done_proc.returncode in NOT_RUNNABLE:
                print("loadgen: the command cannot run in the load-generator image (exit status %d: %s); "
                      "the image has sh, curl, wget and python3" % (done_proc.returncode, stderr_text(done_proc.stderr)),
                      file=sys.stderr)
                sys.exit(EXIT_COMMAND_NOT_RUNNABLE)
            failed[0] += 1
            if first_failure[0] is None:
                first_failure[0] = (seq, {"type": "exit %d" % done_proc.returncode,
                                          "message": stderr_text(done_proc.stderr)})
    finally:
        done.set()
        thread.join(timeout=2)
    end = time.monotonic()
    sample()
    before = first_failure[0][0] - 1 if first_failure[0] else None
    return loadgen.result_json(options, acked, failed[0], first_failure[0], end - start, time_limited, samples, before)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = parse_args(argv)
    except loadgen.UsageError as e:
        print("loadgen: %s" % e, file=sys.stderr)
        return 2
    print(run(args), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
