#!/usr/bin/env python3
"""Page latency while large images are uploaded (docs/PERFORMANCE.md, "Uploads and pages").

Starts the given dossier binary on a fresh data folder with the demo content and the page cache
off, signs in one editor per uploader, and for --seconds keeps --uploads uploads of a
--side x --side PNG going (an uploader sends its next file as soon as the last is answered; a
refused one, 429 or 503, waits for Retry-After, at most --retry-cap seconds) while a reader
fetches an article page every --interval-ms. Prints the page's latency percentiles, what
happened to the uploads, and the server's peak resident memory (VmHWM) and the nice values of
its threads.

The PNG is written here: colour ramps whose rows use the Sub filter, small on disk but 108 MB
of pixels at 6000 x 6000. Everything listens on 127.0.0.1 and stops after --seconds plus the
time the last uploads take to be answered (--drain-seconds at most).

  bench/media_load.py --binary build/dossier
  bench/media_load.py --binary /tmp/dossier-main   # an older build, for the figure "before"
"""

import argparse
import http.client
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import zlib

ARTICLE = "/articles/geneva-ceasefire-talks-end-without-deal"
PASSWORD = "a bench editor's password"


def png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def ramp_png(side):
    """An RGB PNG (RFC 2083) of side x side pixels: ramps across each row, shifted per row."""
    steps = b"\x01\x02\x03" * (side - 1)
    rows = bytearray()
    for y in range(side):
        rows += bytes([1, y & 255, (2 * y) & 255, (3 * y) & 255]) + steps
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) +
            png_chunk(b"IDAT", zlib.compress(bytes(rows), 1)) + png_chunk(b"IEND", b""))


def run(binary, data, *args):
    return subprocess.run([binary, "--data", data, *args], check=True, capture_output=True,
                          text=True).stdout


def request(port, method, path, headers=None, body=None, timeout=600):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        headers = {}
        for k, v in r.getheaders():  # repeated fields (Set-Cookie) one per line
            k = k.lower()
            headers[k] = headers[k] + "\n" + v if k in headers else v
        return r.status, headers, r.read()
    finally:
        conn.close()


def cookie(headers, name):
    for part in headers.get("set-cookie", "").split("\n"):
        part = part.strip()
        if part.startswith(name + "="):
            return part.split(";", 1)[0]
    return ""


def hidden(html, name):
    m = re.search(r'name="%s" value="([^"]*)"' % re.escape(name), html)
    return m.group(1) if m else ""


def form(fields):
    return urllib.parse.urlencode(fields)


def editor_session(binary, data, port, email):
    out = run(binary, data, "user", "add", "--email", email, "--name", "Bench Editor", "--role",
              "editor")
    token = re.search(r"/admin/password/([A-Za-z0-9_-]{43})", out).group(1)
    urlenc = {"Content-Type": "application/x-www-form-urlencoded"}
    request(port, "POST", "/admin/password/" + token, urlenc,
            form({"password": PASSWORD, "confirm": PASSWORD}))
    status, headers, body = request(port, "GET", "/admin/login")
    login = cookie(headers, "dossier_login")
    status, headers, body = request(
        port, "POST", "/admin/login", dict(urlenc, Cookie=login),
        form({"_csrf": hidden(body.decode(), "_csrf"), "email": email, "password": PASSWORD}))
    session = cookie(headers, "dossier_session")
    status, headers, body = request(port, "GET", "/admin/media", {"Cookie": session})
    return session, hidden(body.decode(), "_csrf")


def multipart(csrf, name, data):
    b = b"b0undary"
    return (b"--" + b + b'\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n' +
            csrf.encode() + b"\r\n--" + b +
            b'\r\nContent-Disposition: form-data; name="file"; filename="' + name.encode() +
            b'"\r\nContent-Type: image/png\r\n\r\n' + data + b"\r\n--" + b + b"--\r\n")


def percentile(values, p):
    values = sorted(values)
    if not values:
        return float("nan")
    k = min(len(values) - 1, max(0, int(round(p / 100.0 * len(values) + 0.5)) - 1))
    return values[k]


def threads_by_nice(pid):
    """{(thread name, nice): count} from /proc/PID/task/*/stat (field 19 is the nice value)."""
    seen = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        nice = int(stat[stat.rindex(")") + 2:].split()[16])
        seen[(name, nice)] = seen.get((name, nice), 0) + 1
    return seen


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default="build/dossier")
    ap.add_argument("--uploads", type=int, default=4)
    ap.add_argument("--side", type=int, default=6000)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--drain-seconds", type=float, default=120)
    ap.add_argument("--interval-ms", type=float, default=50)
    ap.add_argument("--retry-cap", type=float, default=2)
    ap.add_argument("--env", action="append", default=[], help="KEY=VALUE for the server")
    args = ap.parse_args()

    binary = os.path.abspath(args.binary)
    data = tempfile.mkdtemp(prefix="dossier-media-load-")
    server = None
    try:
        run(binary, data, "init")
        run(binary, data, "demo")
        env = dict(os.environ, DOSSIER_CACHE_ENABLED="false", DOSSIER_SERVER_ACCESS_LOG="false")
        for kv in args.env:
            k, v = kv.split("=", 1)
            env[k] = v
        server = subprocess.Popen([binary, "--data", data, "serve", "--listen", "127.0.0.1:0"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                                  text=True)
        first = server.stdout.readline()
        port = int(re.search(r"127\.0\.0\.1:(\d+)", first).group(1))
        # Keep reading the server's output so its logging never blocks on a full pipe.
        threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()

        sessions = [editor_session(binary, data, port, "bench%d@example.org" % i)
                    for i in range(args.uploads)]
        png = ramp_png(args.side)
        assert request(port, "GET", ARTICLE)[0] == 200

        lock = threading.Lock()
        uploads = []  # (status, seconds)
        pages = []  # seconds
        failures = []
        nice_seen = {}
        stop_at = time.monotonic() + args.seconds

        def uploader(i):
            session, csrf = sessions[i]
            n = 0
            while time.monotonic() < stop_at:
                n += 1
                body = multipart(csrf, "load-%d-%d.png" % (i, n), png)
                started = time.monotonic()
                try:
                    status, headers, _ = request(port, "POST", "/admin/media", {
                        "Cookie": session,
                        "Content-Type": "multipart/form-data; boundary=b0undary"}, body)
                except Exception as e:  # a timeout or a reset is a result too
                    status, headers = "error: %s" % e, {}
                took = time.monotonic() - started
                with lock:
                    uploads.append((status, took))
                if status in (429, 503):
                    time.sleep(min(args.retry_cap, float(headers.get("retry-after", 1))))

        def reader():
            while time.monotonic() < stop_at:
                started = time.monotonic()
                try:
                    status = request(port, "GET", ARTICLE, timeout=120)[0]
                except Exception as e:
                    status = "error: %s" % e
                took = time.monotonic() - started
                with lock:
                    pages.append(took)
                    if status != 200:
                        failures.append(status)
                time.sleep(args.interval_ms / 1000.0)

        def sampler():
            while time.monotonic() < stop_at:
                for key, count in threads_by_nice(server.pid).items():
                    nice_seen[key] = max(nice_seen.get(key, 0), count)
                time.sleep(0.5)

        threads = [threading.Thread(target=uploader, args=(i,)) for i in range(args.uploads)]
        threads += [threading.Thread(target=reader), threading.Thread(target=sampler)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(args.seconds + args.drain_seconds)

        with open("/proc/%d/status" % server.pid) as f:
            hwm = re.search(r"VmHWM:\s+(\d+) kB", f.read()).group(1)
        ms = [p * 1000 for p in pages]
        print("binary        %s" % binary)
        print("page          %s, cache off, every %g ms for %g s" %
              (ARTICLE, args.interval_ms, args.seconds))
        print("page latency  n=%d p50=%.1f ms p95=%.1f ms p99=%.1f ms max=%.1f ms; non-200: %d" %
              (len(ms), percentile(ms, 50), percentile(ms, 95), percentile(ms, 99),
               max(ms) if ms else float("nan"), len(failures)))
        by_status = {}
        for status, took in uploads:
            by_status.setdefault(status, []).append(took)
        for status, times in sorted(by_status.items(), key=lambda kv: str(kv[0])):
            print("uploads %-5s n=%d, answered in %.1f-%.1f s (median %.1f s)" %
                  (status, len(times), min(times), max(times), percentile(times, 50)))
        print("peak RSS      %.0f MB (VmHWM)" % (int(hwm) / 1024.0))
        print("threads       " + ", ".join(
            "%s nice %d: %d" % (name, nice, count) for (name, nice), count in sorted(
                nice_seen.items())))
    finally:
        if server and server.poll() is None:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
