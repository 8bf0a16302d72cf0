#!/usr/bin/env python3
"""Upload flood: what unauthenticated large uploads cost the server's memory.

    bench/upload_flood.py [--binary build/dossier] [--connections 40] [--seconds 5]
                          [--declared-mb 20]

Starts `dossier serve` on 127.0.0.1 (a fresh data directory, default configuration: the
upload limit is media.max_upload_bytes = 20 MB), opens --connections connections at once,
each a POST to /admin/media without a session that declares --declared-mb MB and sends its
body as fast as it can; a connection the server closes is opened again. After --seconds it
stops, and prints the server's resident memory (VmRSS from /proc/PID/status) before, at its
peak during the flood, and 2 s after, and the statuses the clients read. Bounded in time and
count, 127.0.0.1 only; the server it started is stopped by its PID.
"""
import argparse
import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter

CHUNK = b"x" * (256 * 1024)
SAMPLE_EVERY_S = 0.1
ANSWER_WAIT_S = 2
START_TIMEOUT_S = 20


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def start_server(binary, data_dir):
    subprocess.run([binary, "--data", data_dir, "init"], check=True, stdout=subprocess.DEVNULL)
    proc = subprocess.Popen([binary, "--data", data_dir, "serve", "--listen", "127.0.0.1:0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.2)
        if ready:
            line = proc.stdout.readline()
            if "http://127.0.0.1:" in line:
                port = int(line.rsplit(":", 1)[1].strip().strip("/"))
                return proc, port
    proc.terminate()
    sys.exit("upload_flood: the server did not start")


def flood(port, declared, stop_at, statuses, sent_total, lock):
    head = (f"POST /admin/media HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: multipart/form-data; boundary=flood\r\n"
            f"Content-Length: {declared}\r\n\r\n").encode()
    while time.monotonic() < stop_at:
        sent, answer, closed = 0, b"", False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
                s.sendall(head)
                s.setblocking(False)
                while time.monotonic() < stop_at and sent < declared and not closed:
                    readable, writable, _ = select.select([s], [s], [], 0.5)
                    if readable:
                        data = s.recv(65536)
                        closed = not data
                        answer += data
                    if writable and not closed:
                        sent += s.send(CHUNK[: min(len(CHUNK), declared - sent)])
                # The whole body is out: the answer comes once the server has read it.
                answer_by = min(stop_at, time.monotonic() + ANSWER_WAIT_S)
                while not closed and not answer and time.monotonic() < answer_by:
                    if select.select([s], [], [], 0.1)[0]:
                        data = s.recv(65536)
                        closed = not data
                        answer += data
        except (BlockingIOError, InterruptedError):
            pass
        except OSError:
            closed = True
        status = answer[9:12].decode() if answer.startswith(b"HTTP/") else (
            "reset" if closed else "none")
        with lock:
            statuses[status] += 1
            sent_total[0] += sent


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--binary", default=os.path.join(root, "build", "dossier"))
    p.add_argument("--connections", type=int, default=40)
    p.add_argument("--seconds", type=float, default=5)
    p.add_argument("--declared-mb", type=int, default=20)
    args = p.parse_args()
    if not 1 <= args.connections <= 200 or not 0 < args.seconds <= 60:
        sys.exit("upload_flood: at most 200 connections and 60 seconds")

    data_dir = tempfile.mkdtemp(prefix="dossier-upload-flood-")
    proc, port = start_server(args.binary, data_dir)
    try:
        time.sleep(0.5)
        before = rss_kib(proc.pid)
        statuses, sent_total, lock = Counter(), [0], threading.Lock()
        stop_at = time.monotonic() + args.seconds
        threads = [threading.Thread(target=flood, args=(port, args.declared_mb * 1024 * 1024,
                                                        stop_at, statuses, sent_total, lock))
                   for _ in range(args.connections)]
        for t in threads:
            t.start()
        peak = before
        while any(t.is_alive() for t in threads):
            peak = max(peak, rss_kib(proc.pid))
            time.sleep(SAMPLE_EVERY_S)
        for t in threads:
            t.join()
        time.sleep(2)
        after = rss_kib(proc.pid)
        print(f"binary: {args.binary}")
        print(f"{args.connections} connections x {args.declared_mb} MB declared, "
              f"{args.seconds:g} s: {sent_total[0] / 1048576:.0f} MB sent by the clients")
        print(f"answers: {dict(statuses)}")
        print(f"server VmRSS: before {before / 1024:.0f} MB, peak {peak / 1024:.0f} MB, "
              f"2 s after {after / 1024:.0f} MB")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
