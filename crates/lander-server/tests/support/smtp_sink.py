#!/usr/bin/env python3
"""SMTP sink for Lander's tests: accepts every mail on 127.0.0.1 and writes it to a file.

Usage: python3 smtp_sink.py OUTPUT_FILE [PORT]

Prints `READY <port>` on stdout once listening. Each received mail becomes one JSON line in
OUTPUT_FILE (flushed at once): {"mail_from", "rcpt_tos", "data"} with `data` the raw message,
plus `subject` and `text`, decoded with Python's email package for the tests' convenience.
Exits when stdin closes (so it never outlives the test process) or on SIGTERM/SIGINT.
Needs `pip install aiosmtpd`.
"""

import email
import email.policy
import json
import signal
import socket
import sys
import threading

try:
    from aiosmtpd.controller import Controller
except ImportError:
    sys.stderr.write("aiosmtpd is not installed: run `pip install aiosmtpd`\n")
    sys.exit(3)


class Sink:
    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "data": raw.decode("utf-8", "replace"),
        }
        try:
            message = email.message_from_bytes(raw, policy=email.policy.default)
            record["subject"] = str(message["subject"] or "")
            body = message.get_body(preferencelist=("plain",))
            record["text"] = body.get_content().replace("\r\n", "\n") if body is not None else ""
        except Exception as error:  # the raw data is still there for the test to inspect
            record["decode_error"] = repr(error)
        line = json.dumps(record) + "\n"
        with self.lock, open(self.path, "a", encoding="utf-8") as out:
            out.write(line)
            out.flush()
        return "250 OK"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    if len(sys.argv) not in (2, 3):
        sys.stderr.write(__doc__)
        sys.exit(2)
    path = sys.argv[1]
    open(path, "a", encoding="utf-8").close()
    fixed_port = int(sys.argv[2]) if len(sys.argv) == 3 else None

    # aiosmtpd's Controller cannot listen on port 0, so pick a free port and retry if another
    # process takes it in between.
    controller = None
    for _ in range(20):
        port = fixed_port or free_port()
        candidate = Controller(Sink(path), hostname="127.0.0.1", port=port, enable_SMTPUTF8=True)
        try:
            candidate.start()
        except Exception:
            if fixed_port:
                raise
            continue
        controller = candidate
        break
    if controller is None:
        sys.stderr.write("cannot find a free port for the SMTP sink\n")
        sys.exit(1)

    print(f"READY {controller.port}", flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    def watch_stdin():
        try:
            while sys.stdin.read(4096):
                pass
        finally:
            stop.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
