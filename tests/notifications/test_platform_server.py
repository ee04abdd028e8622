"""A loopback HTTP server playing the city public credit platform (a helper module; no tests here).

It checks the signature, validates each body against the portal's JSON Schema
(docs/platform-schema/), de-duplicates by ``Idempotency-Key`` and can misbehave on cue:
``script`` is a list of what to do with the next requests — ``"500"`` (answer 500),
``"timeout"`` (store, but answer only after the client gave up), ``"drop"`` (store, then close
the connection without an answer), ``"ok"`` — and after the script it answers normally.
"""
import http.server
import json
import socket
import threading
import time

import jsonschema

from notifications.payloads import load_schema
from notifications.platform import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature_valid

SECRET = "loopback-shared-secret"


class FakePlatform:
    def __init__(self, script=(), *, slow_seconds: float = 1.0):
        self.script = list(script)
        self.slow_seconds = slow_seconds
        self.stored: dict[str, dict] = {}
        self.store_count: dict[str, int] = {}
        self.requests: list[tuple[str, str]] = []  # (key, outcome)
        self.invalid: list[str] = []
        self.lock = threading.Lock()
        self.validators = {
            name: jsonschema.Draft202012Validator(load_schema(name), format_checker=jsonschema.FormatChecker())
            for name in ("record", "commitment")
        }
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/credit/exchange"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def _next_step(self) -> str:
        with self.lock:
            return self.script.pop(0) if self.script else "ok"

    def _store(self, key: str, body: dict) -> bool:
        with self.lock:
            if key in self.stored:
                return False
            self.stored[key] = body
            self.store_count[key] = self.store_count.get(key, 0) + 1
            return True

    def _handler_class(self):
        platform = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep the test output quiet
                pass

            def _answer(self, status: int, data: dict):
                body = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):  # noqa: N802 - the http.server API
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                key = self.headers.get("Idempotency-Key", "")
                if not signature_valid(raw, timestamp=self.headers.get(TIMESTAMP_HEADER, ""),
                                       signature=self.headers.get(SIGNATURE_HEADER, ""), secret=SECRET):
                    platform.requests.append((key, "401"))
                    return self._answer(401, {"error": "bad signature"})
                body = json.loads(raw)
                validator = platform.validators.get(body.get("type"))
                errors = [e.message for e in validator.iter_errors(body)] if validator else ["unknown type"]
                if errors or body.get("idempotency_key") != key:
                    platform.invalid.append(key)
                    platform.requests.append((key, "400"))
                    return self._answer(400, {"errors": errors or ["key mismatch"]})
                step = platform._next_step()
                platform.requests.append((key, step))
                if step == "500":
                    return self._answer(500, {"error": "internal error"})
                created = platform._store(key, body)
                if step == "timeout":
                    time.sleep(platform.slow_seconds)
                    return self._answer(200, {"stored": created})
                if step == "drop":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return None
                return self._answer(200 if not created else 201, {"stored": created, "duplicate": not created})

        return Handler
