"""A small fake of Slack's Web API (and of response_url) on 127.0.0.1, port 0.

The real `slack_sdk.WebClient` and Bolt's `respond()` talk to it over HTTP; it records every
request (path, parsed body, headers) and answers with canned `ok` responses,
or with a scripted failure (`fail_next`) such as a 429 with Retry-After or `channel_not_found`.
`users.info` answers from `users` (id → role flags and `tz`), `user_not_found` for anyone
else; `conversations.open` opens DM channel `D<user id>` with a known user.
`slow(path_part, seconds)` makes matching requests wait before they are answered (a slow or
hanging API); `release` and `stop` cut every such wait short.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode

BOT_USER = "UBOT"
BOT_ID = "BBOT"
TEAM = "T0001"
SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-bot-token-0000"
APP_TOKEN = "xapp-test-app-token-0000"

ADMIN = "UADMIN"
OWNER = "UOWNER"
MEMBER = "UMEMBER"
DEFAULT_USERS: dict[str, dict[str, bool | str]] = {
    ADMIN: {"is_admin": True, "is_owner": False, "tz": "Europe/London"},
    OWNER: {"is_admin": False, "is_owner": True, "is_primary_owner": True, "tz": "UTC"},
    MEMBER: {"is_admin": False, "is_owner": False, "tz": "America/Los_Angeles"},
    "U0001": {"is_admin": False, "is_owner": False, "tz": "Europe/Berlin"},
}


class _Server(ThreadingHTTPServer):
    request_queue_size = 256  # a burst of concurrent clients queues instead of being refused


@dataclass
class Recorded:
    """One request that reached the fake server."""

    method: str
    path: str
    body: dict[str, Any]
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)

    @property
    def api(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    def text_of_everything(self) -> str:
        """Every string the message carried (text and blocks), for substring assertions."""
        return json.dumps(self.body, ensure_ascii=False)


@dataclass
class Failure:
    status: int
    body: dict[str, Any]
    headers: dict[str, str]


class FakeSlack:
    """The server; use `url` as SLACK_API_URL and `response_url(...)` in payloads."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.failures: dict[str, list[Failure]] = {}
        self.socket_url = "ws://127.0.0.1:1/"
        self.users = {user: dict(flags) for user, flags in DEFAULT_USERS.items()}
        self.delays: dict[str, float] = {}
        self._released = threading.Event()
        self._lock = threading.Condition()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                kind = self.headers.get("Content-Type", "")
                if "json" in kind:
                    body = json.loads(raw or "{}")
                else:
                    body = dict(parse_qsl(raw))
                    for key in ("blocks", "view"):
                        if isinstance(body.get(key), str):
                            body[key] = json.loads(body[key])
                self._reply(Recorded("POST", self.path, body, dict(self.headers.items())))

            def _reply(self, recorded: Recorded) -> None:
                fake._wait_for_delay(recorded.path)
                status, answer, headers = fake._answer(recorded)
                with fake._lock:
                    fake.requests.append(recorded)
                    fake._lock.notify_all()
                payload = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                kind = "text/plain" if isinstance(answer, bytes) else "application/json"
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/api/"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def release(self) -> None:
        """End every `slow` wait now (and answer at once from here on)."""
        self._released.set()

    def stop(self) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()

    def response_url(self, name: str = "cmd") -> str:
        return f"http://127.0.0.1:{self.port}/response/{name}"

    def fail_next(
        self, api: str, error: str, status: int = 200, headers: dict[str, str] | None = None
    ) -> None:
        """Answer the next call of `api` (e.g. `chat.postMessage`) with this failure."""
        failure = Failure(status, {"ok": False, "error": error}, headers or {})
        self.failures.setdefault(api, []).append(failure)

    def slow(self, path_part: str, seconds: float) -> None:
        """Answer every request whose path contains `path_part` ("" for all) after `seconds`."""
        self.delays[path_part] = seconds

    def _wait_for_delay(self, path: str) -> None:
        delay = max((s for part, s in self.delays.items() if part in path), default=0.0)
        if delay > 0:
            self._released.wait(delay)

    def _answer(self, recorded: Recorded) -> tuple[int, dict[str, Any] | bytes, dict[str, str]]:
        queued = self.failures.get(recorded.api)
        if queued:
            failure = queued.pop(0)
            return failure.status, failure.body, failure.headers
        if recorded.path.startswith("/response/"):
            return 200, b"ok", {}
        api = recorded.api
        if api == "auth.test":
            return (
                200,
                {
                    "ok": True,
                    "url": "https://example.slack.com/",
                    "team": "Example",
                    "user": "jobbot",
                    "team_id": TEAM,
                    "user_id": BOT_USER,
                    "bot_id": BOT_ID,
                },
                {},
            )
        if api == "apps.connections.open":
            return 200, {"ok": True, "url": self.socket_url}, {}
        if api == "users.info":
            user = recorded.body.get("user", "")
            if user not in self.users:
                return 200, {"ok": False, "error": "user_not_found"}, {}
            return 200, {"ok": True, "user": {"id": user, "team_id": TEAM, **self.users[user]}}, {}
        if api == "conversations.open":
            user = recorded.body.get("users", "")
            if user not in self.users:
                return 200, {"ok": False, "error": "user_not_found"}, {}
            return 200, {"ok": True, "channel": {"id": f"D{user}"}}, {}
        if api == "chat.postMessage":
            channel = recorded.body.get("channel", "C0")
            return 200, {"ok": True, "channel": channel, "ts": f"{time.time():.6f}"}, {}
        return 200, {"ok": True}, {}

    # --- assertions helpers ----------------------------------------------------------

    def calls(self, path_part: str) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if path_part in r.path]

    def wait_for(self, path_part: str, count: int = 1, timeout: float = 5.0) -> list[Recorded]:
        """The first `count` requests whose path contains `path_part`, waiting for them."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [r for r in self.requests if path_part in r.path]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [r.path for r in self.requests]
                    raise AssertionError(f"no {count}x {path_part!r} within {timeout}s; saw {seen}")
                self._lock.wait(remaining)


def sign(body: str, timestamp: int | None = None, secret: str = SIGNING_SECRET) -> dict[str, str]:
    """Slack's v0 request signature headers for `body`."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    base = f"v0:{stamp}:{body}".encode()
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": f"v0={digest}",
    }


def command_body(command: str, text: str, response_url: str, **extra: str) -> str:
    """A slash command as Slack posts it: form-encoded."""
    fields = {
        "token": "legacy",
        "team_id": TEAM,
        "team_domain": "example",
        "channel_id": extra.pop("channel_id", "C0001"),
        "channel_name": "general",
        "user_id": extra.pop("user_id", "U0001"),
        "user_name": "ada",
        "command": command,
        "text": text,
        "api_app_id": "A0001",
        "response_url": response_url,
        "trigger_id": "1.2.3",
        **extra,
    }
    return urlencode(fields)


def event_body(event: dict[str, Any], event_id: str = "Ev0001") -> str:
    """An Events API callback as Slack posts it: JSON."""
    return json.dumps(
        {
            "token": "legacy",
            "team_id": TEAM,
            "api_app_id": "A0001",
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
        }
    )


def action_body(
    action_id: str,
    value: str,
    response_url: str,
    *,
    ephemeral: bool = True,
    channel: str = "C0001",
    user: str = "U0001",
) -> str:
    """A block_actions click as Slack posts it: form-encoded `payload=` JSON."""
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "example"},
        "user": {"id": user, "username": "ada", "team_id": TEAM},
        "api_app_id": "A0001",
        "token": "legacy",
        "container": {
            "type": "message",
            "message_ts": "1700000000.000100",
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        },
        "trigger_id": "1.2.3",
        "channel": {"id": channel, "name": "general"},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": "b1",
                "type": "button",
                "value": value,
                "action_ts": "1700000001.000200",
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)})
