#!/usr/bin/python3
"""A real SMTP server for Dossier's mail tests, built on aiosmtpd.

Every accepted message is stored in OUTDIR as NNNNNN.eml (the DATA bytes as received, CRLF
line ends kept) plus NNNNNN.json (the envelope). The .eml is written last and atomically
(a .tmp file renamed into place), so a reader that sees it also sees a complete .json.

Flags make the server misbehave on purpose, so tests can cover the sender's error paths:
  --fail-first N        answer 451 to the first N DATA commands (over the server's life)
  --reject-rcpt SUBSTR  answer 550 at RCPT TO for recipients containing SUBSTR
  --delay-ms M          wait M ms before accepting each message

Once listening it prints exactly one line, "SMTP listening on 127.0.0.1:PORT", and it exits
cleanly on SIGTERM or SIGINT. Run it with /usr/bin/python3 (Debian's python3-aiosmtpd).

With --dump OUTDIR it serves nothing: it prints the stored messages as one JSON array, parsed
with Python's email module, for the C++ SmtpSink (tests/support/smtp_sink.hpp) to read.
"""

import argparse
import asyncio
import email
import email.header
import email.policy
import glob
import json
import logging
import os
import re
import signal
import sys
import threading
import time
from datetime import datetime, timezone

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

HOST = "127.0.0.1"
# The one account AUTH accepts; the transport only needs to be able to log in somewhere.
AUTH_USER = b"dossier"
AUTH_PASSWORD = b"secret"


class Handler:
    """aiosmtpd handler hooks: RCPT decides refusals, DATA decides failures and stores."""

    def __init__(self, outdir, fail_first, reject_rcpt, delay_ms):
        self.outdir = outdir
        self.fail_left = fail_first
        self.reject_rcpt = reject_rcpt
        self.delay_ms = delay_ms
        self.seq = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject_rcpt and self.reject_rcpt in address:
            # RFC 3463: 5.1.1 is "bad destination mailbox address".
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.fail_left > 0:
            self.fail_left -= 1
            # RFC 3463: 4.3.0 is a transient "other or undefined mail system status".
            return "451 4.3.0 Try again later"
        if self.delay_ms > 0:
            await asyncio.sleep(self.delay_ms / 1000)
        self.seq += 1
        base = os.path.join(self.outdir, f"{self.seq:06d}")
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "received_at": datetime.now(timezone.utc).isoformat(),
        }
        write_atomically(base + ".json", json.dumps(meta).encode("utf-8"))
        # original_content is the DATA payload as received, before any decoding.
        write_atomically(base + ".eml", envelope.original_content)
        return "250 2.0.0 OK queued as %06d" % self.seq


def write_atomically(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword) and auth_data.login == AUTH_USER
          and auth_data.password == AUTH_PASSWORD)
    return AuthResult(success=ok)


def parse_headers(raw):
    """Header fields of a message: lower-case names, values unfolded but not decoded.

    RFC 5322 section 2.2.3: unfolding removes each CRLF that is followed by white space.
    The first occurrence of a repeated field wins.
    """
    head = re.split(rb"\r?\n\r?\n", raw, maxsplit=1)[0].decode("utf-8", "replace")
    head = re.sub(r"\r?\n(?=[ \t])", "", head)
    fields = {}
    for line in re.split(r"\r?\n", head):
        name, sep, value = line.partition(":")
        if sep and name.strip():
            fields.setdefault(name.strip().lower(), value.strip())
    return fields


def first_body(msg, subtype):
    """The decoded text of the first inline text/SUBTYPE part, line ends as LF."""
    for part in msg.walk():
        if part.get_content_type() != "text/" + subtype:
            continue
        if part.get_content_disposition() == "attachment":
            continue
        return part.get_content().replace("\r\n", "\n")
    return ""


def dump(outdir):
    out = []
    for eml in sorted(glob.glob(os.path.join(outdir, "[0-9]*.eml"))):
        base = eml[:-len(".eml")]
        with open(eml, "rb") as f:
            raw = f.read()
        with open(base + ".json", encoding="utf-8") as f:
            meta = json.load(f)
        headers = parse_headers(raw)
        # RFC 2047 encoded words are decoded only here, for the subject.
        subject = str(email.header.make_header(
            email.header.decode_header(headers.get("subject", ""))))
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        out.append({
            "file": os.path.basename(eml),
            "mail_from": meta["mail_from"],
            "rcpt_tos": meta["rcpt_tos"],
            "received_at": meta["received_at"],
            "headers": headers,
            "subject": subject,
            "text": first_body(msg, "plain"),
            "html": first_body(msg, "html"),
        })
    # ASCII-only JSON (\u escapes) reads the same whatever the locale says stdout is.
    json.dump(out, sys.stdout, ensure_ascii=True)
    return 0


class EphemeralController(Controller):
    """Controller that can listen on port 0.

    The stock Controller connects to (hostname, port) to check it is up, which fails for
    port 0; the bound port is known once the server exists, so look it up first.
    """

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--outdir")
    parser.add_argument("--dump", metavar="OUTDIR")
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--reject-rcpt", default="")
    parser.add_argument("--delay-ms", type=int, default=0)
    args = parser.parse_args()
    if args.dump:
        return dump(args.dump)
    if not args.outdir:
        parser.error("--outdir is required")
    # aiosmtpd logs a deprecation warning of its own on every AUTH; keep stderr for errors.
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    os.makedirs(args.outdir, exist_ok=True)

    handler = Handler(args.outdir, args.fail_first, args.reject_rcpt, args.delay_ms)
    controller = EphemeralController(
        handler, hostname=HOST, port=args.port, decode_data=False,
        auth_require_tls=False, authenticator=authenticate)
    controller.start()

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    print(f"SMTP listening on {HOST}:{controller.port}", flush=True)
    while not stop.is_set():
        stop.wait(0.2)
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
