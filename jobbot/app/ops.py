"""What an operator's tooling asks a running bot: `/healthz` and `/metrics`.

`/healthz` is a readiness check: 200 when the search index is loaded and the database
answers, else 503, with a JSON body saying which part is missing. A load balancer takes a
bot that cannot serve out of rotation; a scheduler with no database is not ready either.
`/metrics` is the Prometheus text format of `jobbot.metrics.REGISTRY`.

The Slack HTTP server answers both on its own port. Discord, Slack in Socket Mode and the
scheduler have no HTTP port of their own; with `JOBBOT_METRICS_PORT` set they serve both
from `OpsServer`, a small threaded HTTP server from the standard library.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Final, Protocol

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from jobbot.announce.store import Store
from jobbot.app.runtime import Services
from jobbot.metrics import REGISTRY

log = logging.getLogger(__name__)

HEALTH_PATH: Final = "/healthz"
METRICS_PATH: Final = "/metrics"
DATABASE_TIMEOUT: Final = 2.0


class HasCorpus(Protocol):
    """An engine, as far as health is concerned."""

    @property
    def corpus(self) -> object: ...


@dataclass
class Health:
    """Readiness of one process: its index (if it serves searches) and its database."""

    engine: Callable[[], HasCorpus | None] | None = None
    """Gives the live engine, or None while the index is not loaded yet."""
    store: Callable[[], Store | None] | None = None
    """Gives the store, or None when the database could not be opened."""
    store_problem: str | None = None
    _pool: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="jobbot-health")
    )

    @classmethod
    def of(cls, runtime: Services) -> Health:
        """A bot process's readiness: its engine and its store."""
        return cls(
            engine=lambda: runtime.engine,
            store=lambda: runtime.store,
            store_problem=runtime.store_problem,
        )

    def check(self) -> tuple[bool, dict[str, object]]:
        """(ready, details); never raises and never waits more than a couple of seconds."""
        details: dict[str, object] = {}
        ready = True
        if self.engine is not None:
            engine = self.engine()
            corpus = getattr(engine, "corpus", None) if engine is not None else None
            if corpus is None:
                ready = False
                details["index"] = "not loaded"
            else:
                details["index"] = {
                    "postings": len(getattr(corpus, "postings", ())),
                    "faq": len(getattr(corpus, "faq", ())),
                }
        if self.store is not None:
            problem = self._database_problem()
            details["database"] = problem or "ok"
            ready = ready and problem is None
        details["ok"] = ready
        return ready, details

    def _database_problem(self) -> str | None:
        store = self.store() if self.store is not None else None
        if store is None:
            return self.store_problem or "not available"
        future = self._pool.submit(_ping, store)
        try:
            return future.result(timeout=DATABASE_TIMEOUT)
        except FutureTimeout:
            return f"no answer within {DATABASE_TIMEOUT:g}s"


def _ping(store: Store) -> str | None:
    try:
        with store.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # any failure means not ready; the reason is for the operator
        return f"unreachable ({type(exc).__name__})"
    return None


def health_body(health: Health) -> tuple[int, bytes]:
    """The `/healthz` status code and JSON body."""
    ready, details = health.check()
    return (200 if ready else 503), json.dumps(details).encode()


def metrics_body() -> tuple[bytes, str]:
    """The `/metrics` body and its content type."""
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


class OpsServer:
    """`/healthz` and `/metrics` on their own port, in a daemon thread."""

    def __init__(self, health: Health, port: int, host: str = "0.0.0.0") -> None:
        self.health = health
        self.host = host
        self.port = port
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> int:
        """Bind and serve; returns the bound port (useful with port 0). OSError if taken."""
        health = self.health

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                if path == HEALTH_PATH:
                    status, body = health_body(health)
                    self._reply(status, body, "application/json")
                elif path == METRICS_PATH:
                    body, content_type = metrics_body()
                    self._reply(200, body, content_type)
                else:
                    self._reply(404, b'{"error": "not found"}', "application/json")

            def _reply(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass  # scrapes every few seconds would drown the log

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="jobbot-ops", daemon=True
        )
        self._thread.start()
        return self.port

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def serve_ops(port: int | None, health: Health, name: str) -> OpsServer | None:
    """Start the ops server when a port is configured; a port in use is logged, never
    fatal: the bot itself matters more than its metrics."""
    if port is None:
        return None
    server = OpsServer(health, port)
    try:
        bound = server.start()
    except OSError as exc:
        log.warning("%s: cannot serve /healthz and /metrics on port %d: %s", name, port, exc)
        return None
    log.info("%s: /healthz and /metrics on port %d", name, bound)
    return server
